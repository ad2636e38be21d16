package dev.sysstep.app.command;

/** How one command ended. */
public enum Status {
    OK, EXPECT_FAILED, ERROR, QUIT
}
