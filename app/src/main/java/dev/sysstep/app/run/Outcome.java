package dev.sysstep.app.run;

/** How one command ended. */
public enum Outcome {
    OK, EXPECT_FAILED, ERROR, QUIT
}
