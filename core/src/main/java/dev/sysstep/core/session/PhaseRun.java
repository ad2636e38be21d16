package dev.sysstep.core.session;

import dev.sysstep.core.code.Phase;
import java.util.List;

/**
 * A run of consecutive instructions of one phase within a motion: the positions before its first
 * instruction and after its last, the instructions executed, and what changed over them.
 */
public final class PhaseRun {
    private final StepReport report;
    private final Phase phase;
    private final int from;
    private final int to;
    private final List<Step> steps;

    PhaseRun(StepReport report, Phase phase, int from, int to, List<Step> steps) {
        this.report = report;
        this.phase = phase;
        this.from = from;
        this.to = to;
        this.steps = steps;
    }

    public Phase phase() {
        return phase;
    }

    /** The motion this run was part of. */
    public StepReport report() {
        return report;
    }

    /** The position before the run's first instruction. */
    public int from() {
        return from;
    }

    /** The position after its last instruction. */
    public int to() {
        return to;
    }

    /** The number of its first instruction (1-based). */
    public int first() {
        return from + 1;
    }

    /** The number of its last instruction. */
    public int last() {
        return to;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The CPL the run started at. */
    public int cplAtStart() {
        return steps.get(0).before().cpl();
    }

    /** True when the run covers its whole phase, from the first instruction on. */
    public boolean startsPhase() {
        return steps.get(0).startsPhase();
    }

    /** What changed from its start to its end. */
    public StateDiff diff() {
        return report.diff(from, to);
    }
}
