package dev.sysstep.core.session;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Breakpoints and watches, and the mover that runs a motion until one of them, the end of the path
 * or the count says stop. Breakpoints stop before a phase whose id matches their glob; watches stop
 * after the instruction that changed their value.
 */
public final class Stops {
    /** A breakpoint on phase ids matching a glob ({@code exit.check.*}). */
    public record Breakpoint(int id, Glob glob) {
        public boolean matches(String phaseId) {
            return glob.matches(phaseId);
        }
    }

    /** A watch: stop when the value of the target changes. */
    public record Watch(int id, Target target) {
    }

    private final List<Breakpoint> breakpoints = new ArrayList<>();
    /** Set from another thread (a signal handler) to stop the motion under way after its current instruction. */
    private volatile boolean interrupted;
    private final List<Watch> watches = new ArrayList<>();
    private int nextId = 1;

    /** A breakpoint on {@code glob}, which must name a phase of {@code code} unless it has wildcards. */
    Breakpoint addBreakpoint(String glob, KernelCode code) {
        String g = glob.strip();
        if (g.isEmpty()) {
            throw new SysstepException("break needs a phase id or a glob, such as exit.check.*");
        }
        Glob pattern = new Glob(g);
        if (!pattern.hasWildcards() && code.phases().stream().noneMatch(ph -> pattern.matches(ph.id()))) {
            throw new SysstepException(Suggest.unknownPhase(g, code));
        }
        Breakpoint b = new Breakpoint(nextId++, pattern);
        breakpoints.add(b);
        return b;
    }

    Watch addWatch(Target t) {
        Watch w = new Watch(nextId++, t);
        watches.add(w);
        return w;
    }

    /** Deletes a breakpoint or watch by number, or all of them with null. */
    void delete(Integer id) {
        if (id == null) {
            clear();
        } else if (!(breakpoints.removeIf(b -> b.id() == id) | watches.removeIf(w -> w.id() == id))) {
            throw new SysstepException("no breakpoint or watch number " + id);
        }
    }

    /** Asks the motion under way, or the next one, to stop after the instruction it is executing. */
    void interrupt() {
        interrupted = true;
    }

    /** Whether an interrupt is pending; {@code clear} forgets it. */
    boolean interrupted(boolean clear) {
        boolean was = interrupted;
        if (clear) {
            interrupted = false;
        }
        return was;
    }

    void clear() {
        breakpoints.clear();
        watches.clear();
    }

    public List<Breakpoint> breakpoints() {
        return Collections.unmodifiableList(breakpoints);
    }

    public List<Watch> watches() {
        return Collections.unmodifiableList(watches);
    }

    Optional<Breakpoint> breakpointFor(String phaseId) {
        for (Breakpoint b : breakpoints) {
            if (b.matches(phaseId)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * Moves a timeline one phase or instruction at a time and decides when to stop. {@code honour}
     * false runs past breakpoints and watches (run --no-break).
     */
    final class Mover {
        private final Timeline timeline;
        private final boolean honour;
        private final Function<Target, Value> reader;
        private final Map<Watch, Value> watched = new LinkedHashMap<>();
        private Stop stop = Stop.of(Stop.Kind.COUNT);
        private int executed;

        Mover(Timeline timeline, boolean honour, Function<Target, Value> reader) {
            this.timeline = timeline;
            this.honour = honour;
            this.reader = reader;
            if (honour) {
                for (Watch w : watches) {
                    watched.put(w, reader.apply(w.target()));
                }
            }
        }

        /** Moves one phase (the rest of the current one, if stopped inside it) or one instruction. */
        boolean advance(boolean wholePhase) {
            if (executed >= Timeline.MAX_INSTRUCTIONS) {
                stop = Stop.of(Stop.Kind.LIMIT);
                return false;
            }
            if (interrupted) {
                stop = Stop.of(Stop.Kind.INTERRUPTED);
                return false;
            }
            boolean moved = wholePhase ? forwardPhase() : forwardOne();
            if (!moved || timeline.finished()) {
                stop = Stop.atEnd(timeline.outcome());
                return false;
            }
            if (!honour) {
                return true;
            }
            for (Map.Entry<Watch, Value> e : watched.entrySet()) {
                Value now = reader.apply(e.getKey().target());
                if (!now.equals(e.getValue())) {
                    stop = Stop.atWatch(e.getKey(), e.getValue(), now);
                    e.setValue(now);
                    return false;
                }
            }
            if (timeline.atPhaseStart(timeline.position())) {
                Phase p = timeline.code().phaseAt(timeline.next(timeline.position()));
                Optional<Breakpoint> b = breakpointFor(p.id());
                if (b.isPresent()) {
                    stop = Stop.atBreakpoint(b.get(), p.id());
                    return false;
                }
            }
            return true;
        }

        private boolean forwardOne() {
            boolean moved = timeline.forwardOne();
            if (moved) {
                executed++;
            }
            return moved;
        }

        private boolean forwardPhase() {
            if (!forwardOne()) {
                return false;
            }
            int pos = timeline.position();
            while (!timeline.atPhaseStart(pos) && executed < Timeline.MAX_INSTRUCTIONS) {
                if (timeline.next(pos).phase() != timeline.ranAt(pos).phase()) {
                    break;
                }
                forwardOne();
                pos = timeline.position();
            }
            return true;
        }

        /** Why it stopped: the count, or what stopped it first; NONE when it could not move at all. */
        Stop stop(int from) {
            return timeline.position() == from ? Stop.of(Stop.Kind.NONE) : stop;
        }
    }
}
