package dev.sysstep.core.session;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a movement command did: where it started and stopped, and why it stopped. The detail is
 * text for people and is built when read (a run to the end need not describe the end).
 */
public final class Motion {
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

    private final int from;
    private final int to;
    private final Stop stop;
    private final Supplier<String> detail;

    public Motion(int from, int to, Stop stop, String detail) {
        this(from, to, stop, () -> detail);
    }

    public Motion(int from, int to, Stop stop, Supplier<String> detail) {
        this.from = from;
        this.to = to;
        this.stop = Objects.requireNonNull(stop);
        this.detail = detail;
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    public Stop stop() {
        return stop;
    }

    public String detail() {
        return detail.get();
    }

    public boolean forward() {
        return to > from;
    }

    public int count() {
        return Math.abs(to - from);
    }

    @Override
    public String toString() {
        return "Motion[" + from + " -> " + to + ", " + stop + ": " + detail() + "]";
    }
}
