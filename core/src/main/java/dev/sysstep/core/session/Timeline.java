package dev.sysstep.core.session;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Value;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.path.LinuxPath;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One run's machine and its path. The machine (registers, memory, process) exists once, at the
 * current position, and runs fast: moving forward executes an instruction; moving back rebuilds the
 * machine by running again from the start, which is exact because execution is deterministic. What
 * the timeline keeps is small: which instruction each step ran, where execution went next, and the
 * user's {@link Edits}. The steps people look at are replayed from those by its {@link History}.
 */
final class Timeline {
    /** No single motion executes more instructions than this; a path is a few hundred at most. */
    static final int MAX_INSTRUCTIONS = 100_000;

    private final LinuxPath.Build build;
    private final Memory memory;
    private final Engine engine;
    private final Engine.Machine machine;
    private Edits edits;
    private History history;
    private int position;
    /** Per recorded step: the instruction it ran, and the one after it (-1 where the path ended). */
    private int[] ran = new int[128];
    private int[] wentTo = new int[128];
    private int recorded;
    /** The current state once someone asked for it; forgotten at every move. */
    private Snapshot current;
    /** Instructions this timeline has executed, rebuilds included: the work a budget counts. */
    private long executed;

    Timeline(LinuxPath.Build build) {
        this.build = build;
        this.memory = build.initialMemory();
        this.engine = new Engine(build.code(), build.symbols(), build.config(), memory, Exec.Mode.RUN);
        Snapshot start = new Snapshot(build.cpu(), memory.regions(), build.process(), Locals.empty(), code().first(),
                null);
        this.machine = new Engine.Machine(start, code());
        this.edits = Edits.startingFrom(start);
        this.current = start;
    }

    LinuxPath.Build build() {
        return build;
    }

    KernelCode code() {
        return build.code();
    }

    /** Live memory, at the current position. */
    Memory memory() {
        return memory;
    }

    int position() {
        return position;
    }

    /** Instructions executed so far, going back included (it runs again from the start). */
    long executed() {
        return executed;
    }

    /** Steps known so far, including any ahead of the position after going back. */
    int recorded() {
        return recorded;
    }

    /** The recorded steps, replayed on demand; a new edit gives the timeline a new one. */
    History history() {
        if (history == null) {
            history = new History(build, edits);
        }
        return history;
    }

    Snapshot state() {
        if (current == null) {
            current = machine.snapshot(memory.regions(), code());
        }
        return current;
    }

    Snapshot state(int pos) {
        return pos == position ? state() : history().state(pos);
    }

    /** What runs next at position {@code pos} (null at the end): cheap, it replays nothing. */
    Location next(int pos) {
        Snapshot e = edits.stateAt(pos);
        if (e != null) {
            return e.next();
        }
        if (pos == position) {
            return machine.ended() ? null : code().location(machine.at);
        }
        int n = wentTo[pos - 1];
        return n < 0 ? null : code().location(n);
    }

    /** Where the instruction of step {@code number} was. */
    Location ranAt(int number) {
        return code().location(ran[number - 1]);
    }

    /** How the path ended at the current position, or null while it goes on. */
    Outcome outcome() {
        return machine.outcome;
    }

    /** A register's value at the current position. */
    Value value(Reg r) {
        return new Value(machine.cpu.get(r), machine.cpu.undefinedBits(r));
    }

    /** The instruction that led to position {@code number} (1-based), as replayed. */
    Step step(int number) {
        Step st = history().step(number);
        if (code().index(st.location()) != ran[number - 1]) {
            throw new IllegalStateException("replay diverged at step " + number + ": " + st);
        }
        return st;
    }

    boolean finished() {
        return machine.ended();
    }

    boolean forwardOne() {
        if (machine.ended()) {
            return false;
        }
        current = null;
        int at = machine.at;
        executed++;
        Outcome fault = engine.stepFast(machine);
        if (fault != null) {
            // the faulting instruction changes nothing: back to the machine before it, and the path ends
            rebuild(position);
            machine.at = -1;
            machine.outcome = fault;
            current = null;
        }
        if (position == recorded) {
            remember(at, machine.at);
        } else if (ran[position] != at) {
            throw new IllegalStateException("step " + (position + 1) + " ran differently the second time");
        }
        position++;
        edits.arrive(position, machine, memory, code());
        return true;
    }

    private void remember(int at, int next) {
        if (recorded == ran.length) {
            ran = Arrays.copyOf(ran, recorded * 2);
            wentTo = Arrays.copyOf(wentTo, recorded * 2);
        }
        ran[recorded] = at;
        wentTo[recorded] = next;
        recorded++;
    }

    /** Moves to position {@code target} if the path reaches it; returns false (and stays at the end) if not. */
    boolean moveTo(int target) {
        if (target < position) {
            rebuild(target);
            return true;
        }
        int guard = 0;
        while (position < target && guard++ < MAX_INSTRUCTIONS) {
            if (!forwardOne()) {
                return false;
            }
        }
        return position == target;
    }

    /**
     * Puts the machine at recorded position {@code target} by running from the start. The machine of
     * a step that faulted is the machine before it, with the path ended.
     */
    private void rebuild(int target) {
        current = null;
        memory.restore(build.initialMemory());
        Snapshot start = edits.start();
        machine.load(start, code());
        memory.setRegions(start.regions());
        position = 0;
        edits.arrive(0, machine, memory, code());
        while (position < target) {
            executed++;
            Outcome fault = engine.stepFast(machine);
            if (fault != null) {
                rebuild(position);
                machine.at = -1;
                machine.outcome = fault;
                current = null;
                position++;
                return;
            }
            position++;
            edits.arrive(position, machine, memory, code());
        }
    }

    /** Runs the rest of the path once (recording it) and comes back; returns the last position. */
    int extendToEnd() {
        int here = position;
        int guard = 0;
        while (forwardOne() && guard++ < MAX_INSTRUCTIONS) {
            // record the future up to the end
        }
        int end = position;
        moveTo(here);
        return end;
    }

    boolean atPhaseStart(int pos) {
        Location n = next(pos);
        return n == null || n.insn() == 0;
    }

    /** Call depth of the phase about to run at {@code pos}; 0 at the end. */
    int depthAt(int pos) {
        Location n = next(pos);
        return n == null ? 0 : code().phaseAt(n).depth();
    }

    /**
     * The label the last store to {@code address} gave it, at the current position: a step's store,
     * the user's, or the initial memory's. Labels are for people, so they come from the replayed steps.
     */
    Optional<String> labelAt(long address) {
        History h = history();
        for (int p = position; p >= 0; p--) {
            List<MemWrite> user = edits.storesAt(p);
            for (int i = user.size() - 1; i >= 0; i--) {
                if (user.get(i).address() == address && !user.get(i).label().isEmpty()) {
                    return Optional.of(user.get(i).label());
                }
            }
            if (p > 0) {
                List<MemWrite> w = h.step(p).writes();
                for (int i = w.size() - 1; i >= 0; i--) {
                    if (w.get(i).address() == address && !w.get(i).label().isEmpty()) {
                        return Optional.of(w.get(i).label());
                    }
                }
            }
        }
        return build.initialMemory().slotLabel(address);
    }

    // ---------------------------------------------------------------- edits

    /** Forgets everything recorded after the current position, as a new edit makes it stale. */
    void truncateFuture() {
        recorded = Math.min(recorded, position);
        changeEdits(edits.upTo(position));
    }

    /** Replaces the state at the current position (an edit of registers, regions or the process). */
    void replaceState(Snapshot s) {
        changeEdits(edits.withState(position, s));
        machine.load(s, code());
        memory.setRegions(s.regions());
        current = s;
    }

    /** Records a store the user made at the current position (memory already holds it). */
    void addEdit(MemWrite w) {
        changeEdits(edits.withStore(position, w));
    }

    private void changeEdits(Edits e) {
        if (e != edits) {
            history = history == null ? null : history.after(e, position);
            edits = e;
        }
    }

    // ---------------------------------------------------------------- what reports capture

    /** Positions {@code from..to} ({@code from <= to}) as an immutable span, the current state at the current end. */
    Span span(int from, int to) {
        Snapshot here = state();
        return new Span(history(), from, to, position == from ? here : null, position == to ? here : null);
    }
}
