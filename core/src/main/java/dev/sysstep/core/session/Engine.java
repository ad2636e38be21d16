package dev.sysstep.core.session;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.process.ProcessState;
import java.util.List;
import java.util.Optional;

/**
 * Executes instructions: one at a time into a recorded {@link Step} and {@link Snapshot} (what a
 * session keeps), or a whole path on one mutable machine that keeps nothing (the fast path for
 * benchmarks and batch checks). Both go through {@link #advance}, so they cannot disagree.
 */
final class Engine {
    /** The result of one instruction: the step record and the machine after it. */
    record Result(Step step, Snapshot after) {
    }

    private final KernelCode code;
    private final Memory memory;
    private final Exec exec;

    /** {@code recording}: whether steps are recorded for people to see (a session) or only run (simulate). */
    Engine(KernelCode code, Symbols symbols, KernelConfig config, Memory memory, boolean recording) {
        this.code = code;
        this.memory = memory;
        this.exec = new Exec(memory, symbols, config, recording);
    }

    /** Runs the instruction {@code s} is about to run and records what it did. */
    Result execute(Snapshot s, int number) {
        Location loc = s.next();
        Insn insn = code.insn(loc);
        Outcome fetch = fetchFault(insn, s.cpu().cpl(), s.cpu().get(Reg.CR4));
        if (fetch != null) {
            Step step = new Step(number, loc, code.phaseAt(loc), insn, s.cpu(), s.cpu(), List.of(), List.of(), List.of(),
                    List.of(), fetch);
            return new Result(step, s.withNext(null, fetch));
        }
        CpuState.Builder cpu = s.cpu().toBuilder();
        Exec x = exec;
        x.begin(cpu, s.process(), s.locals());
        Location next;
        try {
            int n = advance(code.index(loc), insn, x);
            next = n < 0 ? null : code.location(n);
        } catch (Exec.Fault f) {
            x.undoStores();
            Step step = new Step(number, loc, code.phaseAt(loc), insn, s.cpu(), s.cpu(), List.of(), List.of(), x.checks(),
                    x.notes(), f.outcome());
            return new Result(step, s.withNext(null, f.outcome()));
        }
        CpuState afterCpu = cpu.build();
        Snapshot after = new Snapshot(afterCpu, memory.regions(), x.process(), x.locals(), next, x.outcome());
        Step step = new Step(number, loc, code.phaseAt(loc), insn, s.cpu(), afterCpu, x.writes(), x.pops(), x.checks(),
                x.notes(), x.outcome());
        return new Result(step, after);
    }

    /** How a run without history ended: the machine, the instructions executed, and the fault if one ended it. */
    record Run(Snapshot end, int executed, Outcome fault) {
    }

    /**
     * Runs from {@code start} to the end of the path on one mutable machine, keeping no history. An
     * instruction that faults leaves the machine half-changed: then {@link Run#fault} is set and the
     * caller replays {@code executed - 1} instructions to get the machine before it.
     */
    Run run(Snapshot start, int limit) {
        CpuState.Builder cpu = start.cpu().toBuilder();
        ProcessState process = start.process();
        Locals locals = start.locals();
        int at = start.next() == null ? -1 : code.index(start.next());
        Outcome outcome = start.outcome();
        Exec x = exec;
        int n = 0;
        while (at >= 0 && n < limit) {
            Insn insn = code.insnAt(at);
            n++;
            outcome = fetchFault(insn, (int) cpu.get(Reg.CPL), cpu.get(Reg.CR4));
            if (outcome != null) {
                break;
            }
            x.begin(cpu, process, locals);
            try {
                at = advance(at, insn, x);
            } catch (Exec.Fault f) {
                return new Run(null, n, f.outcome());
            }
            process = x.process();
            locals = x.locals();
            outcome = x.outcome();
        }
        Location next = at >= 0 && outcome == null ? code.location(at) : null;
        return new Run(new Snapshot(cpu.build(), memory.regions(), process, locals, next, outcome), n, null);
    }

    /**
     * User mode can fetch only from user pages; with CR4.SMEP the kernel cannot fetch from them either
     * (SDM Vol. 3A §4.6: a supervisor-mode fetch from a user page is a page fault).
     */
    private Outcome fetchFault(Insn insn, int cpl, long cr4) {
        if (!insn.hasAddress()) {
            return null;
        }
        Region r = memory.regionAt(insn.address()).orElse(null);
        long at = insn.address();
        if (cpl == 3) {
            if (r != null && r.user()) {
                return null;
            }
            return new Outcome(Outcome.Kind.PF, () -> String.format("user mode cannot fetch the instruction at 0x%x: "
                    + "a page fault, which Linux turns into SIGSEGV (not simulated)", at));
        }
        if (r != null && r.user() && (cr4 & ControlBits.CR4_SMEP) != 0) {
            return new Outcome(Outcome.Kind.PF, () -> String.format("CPL 0 fetching the instruction at 0x%x, a user page: "
                    + "CR4.SMEP makes that a page fault in the kernel, which would oops (not simulated further)", at));
        }
        return null;
    }

    /**
     * Applies the instruction's effect and decides where execution goes: a label, a transfer to an
     * address (SYSCALL, SYSRET, IRET, RET), or the next instruction. RIP is set to match. Returns
     * the next instruction's index, or -1 when the path ends, and then {@code x.outcome()} says how.
     */
    private int advance(int at, Insn insn, Exec x) {
        insn.effect().apply(x);
        if (x.outcome() != null) {
            return -1;
        }
        int next;
        if (x.jumpLabel() != null) {
            next = code.index(code.label(x.jumpLabel()).orElseThrow(
                    () -> new IllegalStateException("jump to unknown label " + x.jumpLabel())));
        } else if (x.transfers()) {
            long target = x.transferAddress();
            Optional<Location> to = code.at(target);
            if (to.isEmpty()) {
                x.end(leftCode(x.cpl(), x.locals(), target, x.flags()));
                return -1;
            }
            next = code.index(to.get());
        } else {
            next = at + 1;
            if (next >= code.size()) {
                if (insn.hasAddress()) {
                    x.set(Reg.RIP, insn.nextAddress());
                }
                x.end(ended(x.locals(), x.get(Reg.RIP), x.flags()));
                return -1;
            }
            Insn n = code.insnAt(next);
            if (insn.hasAddress() && insn.length() > 0 && n.hasAddress() && n.address() != insn.nextAddress()) {
                throw new IllegalStateException(String.format("fall-through from 0x%x (%s) to 0x%x: code layout bug",
                        insn.address(), insn.text(), n.address()));
            }
        }
        Insn n = code.insnAt(next);
        if (n.hasAddress()) {
            x.set(Reg.RIP, n.address());
        } else {
            x.undefine(Reg.RIP, -1L);
        }
        return next;
    }

    private static Outcome.Kind returnedVia(Locals locals) {
        return locals.get(Local.RETURN_VIA).map(v -> switch (v) {
            case SYSRET -> Outcome.Kind.SYSRET;
            case SYSRETL -> Outcome.Kind.SYSRETL;
            case IRET -> Outcome.Kind.IRET;
        }).orElse(Outcome.Kind.LEFT_CODE);
    }

    private static Outcome ended(Locals locals, long rip, long rflags) {
        Outcome.Kind k = returnedVia(locals);
        String trap = Outcome.singleStepTrap(rflags, "after this instruction");
        return new Outcome(k, () -> String.format("back in user mode via %s; the program continues at 0x%x (not simulated "
                + "further)%s", k.mechanism(), rip, trap));
    }

    private Outcome leftCode(int cpl, Locals locals, long target, long flags) {
        if (cpl == 3) {
            Optional<Region> r = memory.regionAt(target);
            if (r.isEmpty() || !r.get().user()) {
                return new Outcome(Outcome.Kind.PF, () -> String.format("user mode at 0x%x: fetching the next instruction "
                        + "raises a page fault, which Linux turns into SIGSEGV (not simulated)", target));
            }
            Outcome.Kind k = returnedVia(locals);
            String trap = Outcome.singleStepTrap(flags, "after the next user instruction");
            return new Outcome(k, () -> String.format("back in user mode via %s at 0x%x; no simulated instruction follows%s",
                    k.mechanism(), target, trap));
        }
        return new Outcome(Outcome.Kind.LEFT_CODE, () -> String.format("execution continues at 0x%x, which is not part of "
                + "the simulated code", target));
    }
}
