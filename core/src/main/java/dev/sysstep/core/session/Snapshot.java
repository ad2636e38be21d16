package dev.sysstep.core.session;

import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.process.ProcessState;
import java.util.List;

/**
 * The machine between two instructions, minus memory contents (which the session keeps once and
 * moves with exact per-step records): CPU, region table, process, C locals, and what runs next.
 * {@code next} is null once the path has ended, and {@code outcome} then says how.
 */
public record Snapshot(CpuState cpu, List<Region> regions, ProcessState process, Locals locals, Location next,
                       Outcome outcome) {
    static Snapshot of(CpuState cpu, Situation s, Location next, Outcome outcome) {
        return new Snapshot(cpu, s.regions(), s.process(), s.locals(), next, outcome);
    }

    Situation situation() {
        return new Situation(regions, process, locals);
    }

    public boolean finished() {
        return next == null;
    }

    public Snapshot withProcess(ProcessState p) {
        return new Snapshot(cpu, regions, p, locals, next, outcome);
    }

    public Snapshot withRegions(List<Region> r) {
        return new Snapshot(cpu, r, process, locals, next, outcome);
    }

    public Snapshot withNext(Location n, Outcome o) {
        return new Snapshot(cpu, regions, process, locals, n, o);
    }
}
