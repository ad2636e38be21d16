package dev.sysstep.core.session;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.path.LinuxPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recorded steps of one timeline, replayed on demand. A timeline runs fast and keeps only the
 * instructions it ran and the user's {@link Edits}; since execution is deterministic, replaying those
 * from the start on a recording engine gives every {@link Step} exactly as it happened: the stores
 * with their labels and bytes, the pops, checks and notes, the CPU on both sides. Steps replayed once
 * are kept. A History never changes meaning: an edit gives the timeline a new one, which takes over
 * the steps that the edit does not touch.
 */
final class History {
    private final LinuxPath.Build build;
    private final Edits edits;
    private final List<Step> steps;
    // the replay: a machine of its own, positioned after the steps replayed so far
    private Memory memory;
    private Engine recorder;
    private Engine.Machine machine;
    private CpuState cpu;

    History(LinuxPath.Build build, Edits edits) {
        this(build, edits, List.of());
    }

    private History(LinuxPath.Build build, Edits edits, List<Step> known) {
        this.build = build;
        this.edits = edits;
        this.steps = new ArrayList<>(known);
    }

    /** A history for {@code newer} edits, which differ from this one's only after position {@code p}. */
    History after(Edits newer, int p) {
        return new History(build, newer, steps.subList(0, Math.min(p, steps.size())));
    }

    Edits edits() {
        return edits;
    }

    /** Step {@code number} (1-based); it must lie on the recorded path. */
    Step step(int number) {
        while (steps.size() < number) {
            replayOne();
        }
        return steps.get(number - 1);
    }

    /** Steps {@code from + 1 .. to}, in order. */
    List<Step> steps(int from, int to) {
        if (to > from) {
            step(to);
        }
        return Collections.unmodifiableList(new ArrayList<>(steps.subList(from, to)));
    }

    /** The state at position {@code p}: the user's where they edited it, else what the step before left. */
    Snapshot state(int p) {
        Snapshot e = edits.stateAt(p);
        return e != null ? e : step(p).afterState();
    }

    /** The user's stores at positions {@code from..to}, one list per position. */
    List<List<MemWrite>> stores(int from, int to) {
        List<List<MemWrite>> out = new ArrayList<>(to - from + 1);
        for (int p = from; p <= to; p++) {
            out.add(edits.storesAt(p));
        }
        return Collections.unmodifiableList(out);
    }

    private void replayOne() {
        int done = steps.size();
        if (machine == null) {
            start(done);
        }
        Engine.Machine m = machine;
        if (m.ended()) {
            throw new IllegalStateException("the path ends after step " + done + "; no step " + (done + 1));
        }
        Step st = recorder.execute(m, done + 1, cpu);
        steps.add(st);
        cpu = st.after();
        edits.arrive(done + 1, m, memory, build.code());
        if (edits.stateAt(done + 1) != null) {
            cpu = m.cpu.snapshot();
        }
    }

    /** Sets up the replay machine at the start and brings it, without recording, to position {@code p}. */
    private void start(int p) {
        memory = build.initialMemory();
        machine = new Engine.Machine(edits.start(), build.code());
        edits.arrive(0, machine, memory, build.code());
        Engine runner = new Engine(build.code(), build.symbols(), build.config(), memory, Exec.Mode.RUN);
        for (int i = 1; i <= p; i++) {
            if (runner.stepFast(machine) != null) {
                throw new IllegalStateException("replay faulted before step " + p);
            }
            edits.arrive(i, machine, memory, build.code());
        }
        recorder = new Engine(build.code(), build.symbols(), build.config(), memory, Exec.Mode.RECORD);
        cpu = machine.cpu.snapshot();
    }
}
