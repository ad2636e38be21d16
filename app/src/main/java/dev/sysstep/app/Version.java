package dev.sysstep.app;

/** The version printed by -V and written in the trace header. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
