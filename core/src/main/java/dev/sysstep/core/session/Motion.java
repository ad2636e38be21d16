package dev.sysstep.core.session;

/** What a movement command did: where it started and stopped, and why it stopped. */
public record Motion(int from, int to, Stop stop, String detail) {
    /** Why a movement stopped. */
    public enum Stop {
        /** It moved as far as asked. */
        DONE,
        /** It reached a breakpoint. */
        BREAKPOINT,
        /** A watched value changed. */
        WATCH,
        /** The path ended. */
        END,
        /** It went back to the start. */
        START,
        /** It did not move. */
        NONE
    }

    public boolean forward() {
        return to > from;
    }

    public int count() {
        return Math.abs(to - from);
    }
}
