package dev.sysstep.core.session;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.memory.Symbols;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Everything one motion did, complete and immutable: where it started and stopped, the instructions
 * it executed grouped into phase runs (each with its stores and their kinds and labels, its pops,
 * checks and notes, and the CPU on both sides), why it stopped, where the run stands now, the typed
 * difference between its start and its end, and the result when the path ended. Views, the JSON
 * trace and the exporters read only this; they never ask the session again.
 *
 * <p>A backward motion lists the instructions it undid, in the order they had run.
 */
public final class StepReport {
    /** The motions of the session API. */
    public enum Motion { STEP, STEPI, NEXT, FINISH, CONTINUE, RUN, BACK, BACKI, REVERSE_CONTINUE, GOTO, RESET, HISTORY }

    private final Motion motion;
    private final int from;
    private final int to;
    private List<Step> steps;
    private final Stop stop;
    private final Where where;
    private final Optional<SyscallResult> result;
    private final KernelConfig config;
    private final String program;
    private final Span span;
    private final Symbols symbols;
    private List<PhaseRun> runs;
    private StateDiff diff;

    StepReport(Motion motion, int from, int to, Span span, Stop stop, Where where, Optional<SyscallResult> result,
               KernelConfig config, String program, Symbols symbols) {
        this.motion = motion;
        this.from = from;
        this.to = to;
        this.stop = stop;
        this.where = where;
        this.result = result;
        this.config = config;
        this.program = program;
        this.span = span;
        this.symbols = symbols;
    }

    public Motion motion() {
        return motion;
    }

    /** The position the motion started at. */
    public int from() {
        return from;
    }

    /** The position it stopped at. */
    public int to() {
        return to;
    }

    public boolean forward() {
        return to > from;
    }

    public boolean moved() {
        return to != from;
    }

    /** How many instructions it moved over. */
    public int count() {
        return Math.abs(to - from);
    }

    /** The instructions it executed (forward) or undid (backward), in the order they ran. */
    public List<Step> steps() {
        if (steps == null) {
            steps = span.steps();
        }
        return steps;
    }

    public Stop stop() {
        return stop;
    }

    /** Where the run stands after the motion. */
    public Where where() {
        return where;
    }

    /** How the syscall came out, when the path has ended at {@link #to()}. */
    public Optional<SyscallResult> result() {
        return result;
    }

    public KernelConfig config() {
        return config;
    }

    /** The program as a listing names it: {@code write(1, msg, 3)}. */
    public String program() {
        return program;
    }

    /** The CPU at position {@code p}, which must lie between the motion's ends. */
    public CpuState cpuAt(int p) {
        return span.stateAt(p).cpu();
    }

    /** What the program has written to the terminal, at the motion's end. */
    public byte[] terminal() {
        return span.stateAt(to).process().terminalOutput();
    }

    /** The phase runs, in the order they ran: consecutive instructions of one phase each. */
    public List<PhaseRun> runs() {
        if (runs == null) {
            runs = group();
        }
        return runs;
    }

    private List<PhaseRun> group() {
        List<PhaseRun> out = new ArrayList<>();
        int base = Math.min(from, to);
        int start = 0;
        List<Step> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            boolean last = i == steps.size() - 1;
            Step next = last ? null : steps.get(i + 1);
            if (last || next.startsPhase() || next.location().phase() != st.location().phase()) {
                out.add(new PhaseRun(this, st.phase(), base + start, base + i + 1,
                        Collections.unmodifiableList(steps.subList(start, i + 1))));
                start = i + 1;
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** What differs between the motion's start and its end (old on the left, new on the right). */
    public StateDiff diff() {
        if (diff == null) {
            diff = diff(from, to);
        }
        return diff;
    }

    /** What differs between two positions within the motion, either order. */
    public StateDiff diff(int a, int b) {
        return span.diff(a, b, symbols);
    }
}
