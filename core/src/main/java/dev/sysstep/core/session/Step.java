package dev.sysstep.core.session;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.memory.MemWrite;
import java.util.List;

/**
 * One executed instruction: its number (the position it leads to), where it was, the stores it made
 * (exact bytes before and after), the stack slots it popped, the checks it decided, notes on what
 * happened, and the outcome if the path ended with it.
 */
public record Step(int number, Location location, Phase phase, Insn insn, List<MemWrite> writes,
                   List<Exec.Popped> pops, List<Check> checks, List<String> notes, Outcome outcome) {
    public Step {
        writes = List.copyOf(writes);
        pops = List.copyOf(pops);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    /** True when this instruction is the first of its phase. */
    public boolean startsPhase() {
        return location.insn() == 0;
    }
}
