package dev.sysstep.core.session;

import dev.sysstep.core.code.Location;
import dev.sysstep.core.cpu.Value;
import java.util.Optional;
import java.util.function.Function;

/**
 * How each motion moves a timeline and why it stops: forward by instructions, phases, over calls or
 * out of them, to the end or a stop; back by instructions or phases, or to the last breakpoint.
 * Each returns the {@link Stop}; the session wraps it in a report.
 */
final class Moves {
    private final Timeline timeline;
    private final Stops stops;
    private final Function<Target, Value> reader;

    Moves(Timeline timeline, Stops stops, Function<Target, Value> reader) {
        this.timeline = timeline;
        this.stops = stops;
        this.reader = reader;
    }

    private Stops.Mover mover(boolean honour) {
        return stops.new Mover(timeline, honour, reader);
    }

    /** N instructions ({@code wholePhases} false) or N phases. */
    Stop forward(int n, boolean wholePhases) {
        requireCount(n);
        int from = timeline.position();
        Stops.Mover m = mover(true);
        for (int i = 0; i < n && m.advance(wholePhases); i++) {
            // moving
        }
        return m.stop(from);
    }

    /** One phase, stepping over calls into deeper frames. */
    Stop next() {
        int from = timeline.position();
        int depth = timeline.depthAt(from);
        Stops.Mover m = mover(true);
        if (m.advance(true)) {
            while (timeline.depthAt(timeline.position()) > depth && m.advance(true)) {
                // moving
            }
        }
        return m.stop(from);
    }

    /** Until the current function returns to its caller. */
    Stop finish() {
        int from = timeline.position();
        int depth = timeline.depthAt(from);
        if (depth <= 1) {
            Location next = timeline.next(from);
            String frame = next == null ? "end of path" : timeline.code().phaseAt(next).frames().get(0);
            throw new SysstepException("\"finish\" not meaningful in the outermost frame (" + frame + ")");
        }
        Stops.Mover m = mover(true);
        while (m.advance(true) && timeline.depthAt(timeline.position()) >= depth) {
            // moving
        }
        return m.stop(from);
    }

    /** To the end of the path, or ({@code honour}) a breakpoint or changed watch on the way. */
    Stop toEnd(boolean honour, boolean wholePhases) {
        int from = timeline.position();
        Stops.Mover m = mover(honour);
        while (m.advance(wholePhases)) {
            // moving
        }
        return m.stop(from);
    }

    private Stop backTo(int from, int target) {
        timeline.moveTo(target);
        if (target == from) {
            return Stop.of(Stop.Kind.NONE);
        }
        return Stop.of(target == 0 ? Stop.Kind.START : Stop.Kind.COUNT);
    }

    /** N instructions back. */
    Stop backInstructions(int n) {
        requireCount(n);
        int from = timeline.position();
        return backTo(from, Math.max(0, from - n));
    }

    /** The position where the phase before position {@code p} began. */
    private int phaseStartBefore(int p) {
        int q = p - 1;
        while (q > 0 && !timeline.atPhaseStart(q)) {
            q--;
        }
        return Math.max(q, 0);
    }

    /** N phases back, to the start of the phase N phases ago. */
    Stop backPhases(int n) {
        requireCount(n);
        int from = timeline.position();
        int target = from;
        for (int i = 0; i < n && target > 0; i++) {
            target = phaseStartBefore(target);
        }
        return backTo(from, target);
    }

    /**
     * {@code reverse-next}: back to the start of the previous phase that is not deeper in the call chain
     * than the current one, so a whole C call is stepped over backwards.
     */
    Stop reverseNext() {
        int from = timeline.position();
        int depth = timeline.depthAt(from);
        int target = from;
        while (target > 0) {
            target = phaseStartBefore(target);
            if (timeline.depthAt(target) <= depth) {
                break;
            }
        }
        return backTo(from, target);
    }

    /** Back phase by phase to the last start of a phase a breakpoint matches, or to the start. */
    Stop reverseContinue() {
        int from = timeline.position();
        int target = from;
        while (target > 0) {
            target = phaseStartBefore(target);
            Location next = timeline.next(target);
            String id = next == null ? null : timeline.code().phaseAt(next).id();
            Optional<Stops.Breakpoint> b = id == null ? Optional.empty() : stops.breakpointFor(id);
            if (b.isPresent()) {
                timeline.moveTo(target);
                return Stop.atBreakpoint(b.get(), id);
            }
        }
        return backTo(from, target);
    }

    /** To position {@code target}, which must lie on the path (0..its end). */
    Stop goTo(long target) {
        if (target < 0) {
            throw new SysstepException("step number must be 0 or more, not " + target);
        }
        int from = timeline.position();
        int end = timeline.extendToEnd();
        if (target > end) {
            throw new SysstepException("the path ends after step " + end + "; no step " + target);
        }
        timeline.moveTo((int) target);
        return Stop.of(timeline.position() == from ? Stop.Kind.NONE : Stop.Kind.COUNT);
    }

    static void requireCount(int n) {
        if (n < 1) {
            throw new SysstepException("the count must be 1 or more, not " + n);
        }
        if (n > Timeline.MAX_INSTRUCTIONS) {
            throw new SysstepException("the count must be at most " + Timeline.MAX_INSTRUCTIONS);
        }
    }
}
