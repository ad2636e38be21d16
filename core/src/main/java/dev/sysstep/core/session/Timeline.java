package dev.sysstep.core.session;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.path.LinuxPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The history of one run: the machine state at every position, the instruction that led to each,
 * and the edits the user made at each. Moving forward executes an instruction, or replays one
 * recorded earlier; moving back restores the exact earlier state from the recorded stores. Memory is
 * kept once and moved with those exact records.
 */
final class Timeline {
    /** No single motion executes more instructions than this; a path is a few hundred at most. */
    static final int MAX_INSTRUCTIONS = 100_000;

    private final LinuxPath.Build build;
    private final Memory memory;
    private final Engine engine;
    private final List<Snapshot> states = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    /** The user's stores at each position, applied after arriving there (most positions have none). */
    private final List<List<MemWrite>> edits = new ArrayList<>();
    private int position;

    Timeline(LinuxPath.Build build) {
        this.build = build;
        this.memory = build.initialMemory();
        this.engine = new Engine(build.code(), build.symbols(), build.config(), memory, true);
        states.add(new Snapshot(build.cpu(), memory.regions(), build.process(), Locals.empty(), code().first(), null));
        edits.add(List.of());
    }

    LinuxPath.Build build() {
        return build;
    }

    KernelCode code() {
        return build.code();
    }

    Memory memory() {
        return memory;
    }

    int position() {
        return position;
    }

    int recorded() {
        return steps.size();
    }

    Snapshot state() {
        return states.get(position);
    }

    Snapshot state(int pos) {
        return states.get(pos);
    }

    /** The instruction that led to position {@code number} (1-based). */
    Step step(int number) {
        return steps.get(number - 1);
    }

    boolean finished() {
        return state().finished();
    }

    boolean forwardOne() {
        Snapshot s = states.get(position);
        if (s.finished()) {
            return false;
        }
        if (position < steps.size()) {
            for (MemWrite w : steps.get(position).writes()) {
                memory.apply(w);
            }
            position++;
            for (MemWrite w : edits.get(position)) {
                memory.apply(w);
            }
            memory.setRegions(states.get(position).regions());
            return true;
        }
        Engine.Result r = engine.execute(s, position + 1);
        steps.add(r.step());
        states.add(r.after());
        edits.add(List.of());
        position++;
        return true;
    }

    boolean backOne() {
        if (position == 0) {
            return false;
        }
        List<MemWrite> e = edits.get(position);
        for (int i = e.size() - 1; i >= 0; i--) {
            memory.revert(e.get(i));
        }
        List<MemWrite> w = steps.get(position - 1).writes();
        for (int i = w.size() - 1; i >= 0; i--) {
            memory.revert(w.get(i));
        }
        position--;
        memory.setRegions(states.get(position).regions());
        return true;
    }

    /** Moves to position {@code target} if the path reaches it; returns false (and stays at the end) if not. */
    boolean moveTo(int target) {
        while (position > target) {
            backOne();
        }
        int guard = 0;
        while (position < target && guard++ < MAX_INSTRUCTIONS) {
            if (!forwardOne()) {
                return false;
            }
        }
        return position == target;
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
        Location next = states.get(pos).next();
        return next == null || next.insn() == 0;
    }

    /** Call depth of the phase about to run at {@code pos}; 0 at the end. */
    int depthAt(int pos) {
        Location next = states.get(pos).next();
        return next == null ? 0 : code().phaseAt(next).depth();
    }

    // ---------------------------------------------------------------- edits

    /** Forgets everything recorded after the current position, as a new edit makes it stale. */
    void truncateFuture() {
        while (steps.size() > position) {
            steps.remove(steps.size() - 1);
            states.remove(states.size() - 1);
            edits.remove(edits.size() - 1);
        }
    }

    /** Replaces the state at the current position (an edit of registers, regions or the process). */
    void replaceState(Snapshot s) {
        states.set(position, s);
    }

    /** Records a store the user made at the current position. */
    void addEdit(MemWrite w) {
        List<MemWrite> e = edits.get(position);
        if (!(e instanceof ArrayList)) {
            e = new ArrayList<>(e);
            edits.set(position, e);
        }
        e.add(w);
    }

    // ---------------------------------------------------------------- what reports capture

    /** The instructions that led from {@code from} to {@code to} ({@code from < to}), in order. */
    List<Step> steps(int from, int to) {
        return Collections.unmodifiableList(new ArrayList<>(steps.subList(from, to)));
    }

    /** The states at positions {@code from..to}, both included. */
    List<Snapshot> states(int from, int to) {
        return Collections.unmodifiableList(new ArrayList<>(states.subList(from, to + 1)));
    }

    /** The edits at positions {@code from..to}, both included. */
    List<List<MemWrite>> edits(int from, int to) {
        List<List<MemWrite>> out = new ArrayList<>(to - from + 1);
        for (int p = from; p <= to; p++) {
            out.add(List.copyOf(edits.get(p)));
        }
        return Collections.unmodifiableList(out);
    }
}
