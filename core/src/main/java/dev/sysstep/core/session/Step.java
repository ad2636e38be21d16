package dev.sysstep.core.session;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Pop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * One executed instruction: its number (the position it leads to), where it was, the CPU before and
 * after it, every store it made (with its kind, label and exact bytes), the stack slots it popped, the
 * checks it decided, notes on what happened, the outcome if the path ended with it, and the rest of
 * the machine after it (regions, process, C locals, what runs next). Immutable.
 */
public final class Step {
    private final int number;
    private final Location location;
    private final Phase phase;
    private final Insn insn;
    private final CpuState before;
    private final CpuState after;
    private final List<MemWrite> writes;
    private final List<Pop> pops;
    private final List<Check> checks;
    private final List<Supplier<String>> noteTexts;
    private final Situation situation;
    private final Location next;
    private final Outcome outcome;

    Step(int number, Location location, Phase phase, Insn insn, CpuState before, CpuState after, List<MemWrite> writes,
         List<Pop> pops, List<Check> checks, List<Supplier<String>> noteTexts, Situation situation, Location next,
         Outcome outcome) {
        this.number = number;
        this.location = location;
        this.phase = phase;
        this.insn = insn;
        this.before = before;
        this.after = after;
        this.writes = immutable(writes);
        this.pops = immutable(pops);
        this.checks = immutable(checks);
        this.noteTexts = immutable(noteTexts);
        this.situation = situation;
        this.next = next;
        this.outcome = outcome;
    }

    /** The lists come from one Exec that is done with them: wrap rather than copy. */
    private static <T> List<T> immutable(List<T> list) {
        return list.isEmpty() ? List.of() : Collections.unmodifiableList(list);
    }

    public int number() {
        return number;
    }

    public Location location() {
        return location;
    }

    public Phase phase() {
        return phase;
    }

    public Insn insn() {
        return insn;
    }

    /** The CPU before the instruction. */
    public CpuState before() {
        return before;
    }

    /** The CPU after the instruction. */
    public CpuState after() {
        return after;
    }

    public List<MemWrite> writes() {
        return writes;
    }

    public List<Pop> pops() {
        return pops;
    }

    public List<Check> checks() {
        return checks;
    }

    public List<Supplier<String>> noteTexts() {
        return noteTexts;
    }

    /** How the path ended with this instruction, or null when it goes on. */
    public Outcome outcome() {
        return outcome;
    }

    /** What runs after this instruction, or null when the path ended with it. */
    Location next() {
        return next;
    }

    /** The machine after the instruction, minus memory contents. */
    public Snapshot afterState() {
        return Snapshot.of(after, situation, next, outcome);
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
        return insn.hasAddress() && insn.length() > 0 && after.isDefined(Reg.RIP) && after.get(Reg.RIP) == insn.nextAddress();
    }

    @Override
    public String toString() {
        return "Step[" + number + " " + phase.id() + "#" + location.insn() + " " + insn.text() + "]";
    }
}
