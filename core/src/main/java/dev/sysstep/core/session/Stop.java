package dev.sysstep.core.session;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.Value;
import java.util.Optional;

/**
 * Why a motion stopped where it did.
 *
 * @param kind the reason
 * @param breakpoint the breakpoint that stopped it ({@link Kind#BREAKPOINT})
 * @param phase the phase about to run at a breakpoint
 * @param watch the watch that fired ({@link Kind#WATCH}), with the value before and after
 * @param outcome how the path ended ({@link Kind#END}, {@link Kind#FAULT})
 */
public record Stop(Kind kind, Optional<Stops.Breakpoint> breakpoint, Optional<String> phase, Optional<WatchHit> watch,
                   Optional<Outcome> outcome) {

    /** The reasons a motion stops. */
    public enum Kind {
        /** It moved as far as asked. */
        COUNT,
        /** A breakpoint's phase is about to run. */
        BREAKPOINT,
        /** A watched value changed. */
        WATCH,
        /** The path ended, back in user mode or with the process gone. */
        END,
        /** The path ended in a fault, or in code the simulation does not run. */
        FAULT,
        /** It went back to the start. */
        START,
        /** It did not move: already at the end, or at the start going back. */
        NONE,
        /** It ran into the limit of instructions one motion may execute. */
        LIMIT,
        /** The user interrupted it (Ctrl-C); it stopped after the last whole instruction. */
        INTERRUPTED
    }

    /** A watch that fired, with its value on both sides of the instruction that changed it. */
    public record WatchHit(Stops.Watch watch, Value before, Value after) {
    }

    static Stop of(Kind k) {
        return new Stop(k, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Stop atBreakpoint(Stops.Breakpoint b, String phaseId) {
        return new Stop(Kind.BREAKPOINT, Optional.of(b), Optional.of(phaseId), Optional.empty(), Optional.empty());
    }

    static Stop atWatch(Stops.Watch w, Value before, Value after) {
        return new Stop(Kind.WATCH, Optional.empty(), Optional.empty(), Optional.of(new WatchHit(w, before, after)),
                Optional.empty());
    }

    /** The end of the path: END, or FAULT when it ended in a fault. */
    static Stop atEnd(Outcome o) {
        Kind k = o != null && o.kind().faulted() ? Kind.FAULT : Kind.END;
        return new Stop(k, Optional.empty(), Optional.empty(), Optional.empty(), Optional.ofNullable(o));
    }

    /** True when the path ended with this motion. */
    public boolean ended() {
        return kind == Kind.END || kind == Kind.FAULT;
    }
}
