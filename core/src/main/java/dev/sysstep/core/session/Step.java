package dev.sysstep.core.session;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Pop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * One executed instruction: its number (the position it leads to), where it was, the CPU before and
 * after it, every store it made (with its kind, label and exact bytes), the stack slots it popped, the
 * checks it decided, notes on what happened, and the outcome if the path ended with it.
 */
public record Step(int number, Location location, Phase phase, Insn insn, CpuState before, CpuState after,
                   List<MemWrite> writes, List<Pop> pops, List<Check> checks, List<Supplier<String>> noteTexts,
                   Outcome outcome) {
    public Step {
        writes = immutable(writes);
        pops = immutable(pops);
        checks = immutable(checks);
        noteTexts = immutable(noteTexts);
    }

    /** The lists come from one Exec that is done with them: wrap rather than copy (a step is made per instruction). */
    private static <T> List<T> immutable(List<T> list) {
        return list.isEmpty() ? List.of() : Collections.unmodifiableList(list);
    }

    /** Notes on what happened, as text. */
    public List<String> notes() {
        List<String> out = new ArrayList<>(noteTexts.size());
        for (Supplier<String> n : noteTexts) {
            out.add(n.get());
        }
        return out;
    }

    /** True when this instruction is the first of its phase. */
    public boolean startsPhase() {
        return location.insn() == 0;
    }

    /** True when RIP after it is just the address after it: it fell through rather than jumped. */
    public boolean fellThrough() {
        return insn.hasAddress() && insn.length() > 0 && after.isDefined(dev.sysstep.core.cpu.Reg.RIP)
                && after.get(dev.sysstep.core.cpu.Reg.RIP) == insn.nextAddress();
    }
}
