package dev.sysstep.core.session;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.RegisterFile;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.process.ProcessState;
import java.util.List;
import java.util.Optional;

/**
 * Executes instructions on a {@link Machine}: either recording everything a person will look at
 * into a {@link Step} (the replays that views read), or fast, keeping nothing but the machine (a
 * session's live run, and whole-path simulations). Both go through {@link #advance}, so they cannot
 * disagree.
 */
final class Engine {
    private final KernelCode code;
    private final Memory memory;
    private final Exec exec;

    Engine(KernelCode code, Symbols symbols, KernelConfig config, Memory memory, Exec.Mode mode) {
        this.code = code;
        this.memory = memory;
        this.exec = new Exec(memory, symbols, config, mode);
    }

    /**
     * The machine besides memory contents, mutable: live registers, the process, the C locals, the
     * number of the instruction about to run (-1 once the path has ended) and how it ended.
     */
    static final class Machine {
        final RegisterFile cpu;
        ProcessState process;
        Locals locals;
        int at;
        Outcome outcome;

        Machine(Snapshot s, KernelCode code) {
            cpu = new RegisterFile(s.cpu());
            load(s, code);
        }

        /** Takes on state {@code s}, registers and all. */
        void load(Snapshot s, KernelCode code) {
            cpu.load(s.cpu());
            process = s.process();
            locals = s.locals();
            at = s.next() == null ? -1 : code.index(s.next());
            outcome = s.outcome();
        }

        boolean ended() {
            return at < 0;
        }

        Snapshot snapshot(List<Region> regions, KernelCode code) {
            return new Snapshot(cpu.snapshot(), regions, process, locals, at < 0 ? null : code.location(at), outcome);
        }
    }

    /**
     * Runs the instruction {@code m} is at and records what it did; {@code m} moves past it. {@code
     * before}: {@code m}'s registers as a state, which the caller usually has already. An instruction
     * that faults changes nothing (its stores and registers are put back) and ends the path.
     */
    Step execute(Machine m, int number, CpuState before) {
        Location loc = code.location(m.at);
        Insn insn = code.insnAt(m.at);
        Phase phase = code.phaseAt(loc);
        Situation situation = new Situation(memory.regions(), m.process, m.locals);
        Outcome fetch = fetchFault(insn, (int) m.cpu.get(Reg.CPL), m.cpu.get(Reg.CR4));
        if (fetch != null) {
            m.at = -1;
            m.outcome = fetch;
            return new Step(number, loc, phase, insn, before, before, List.of(), List.of(), List.of(), List.of(),
                    situation, null, fetch);
        }
        Exec x = exec;
        x.begin(m.cpu, m.process, m.locals);
        try {
            m.at = advance(m.at, insn, x);
        } catch (Exec.Fault f) {
            x.undoStores();
            m.cpu.load(before);
            m.at = -1;
            m.outcome = f.outcome();
            return new Step(number, loc, phase, insn, before, before, List.of(), List.of(), x.checks(), x.notes(),
                    situation, null, f.outcome());
        }
        m.process = x.process();
        m.locals = x.locals();
        m.outcome = x.outcome();
        return new Step(number, loc, phase, insn, before, m.cpu.snapshot(), x.writes(), x.pops(), x.checks(), x.notes(),
                situation.with(memory.regions(), m.process, m.locals), m.at < 0 ? null : code.location(m.at), m.outcome);
    }

    /**
     * Runs the instruction {@code m} is at, keeping nothing; {@code m} moves past it. Returns null, or
     * the outcome of an instruction that faulted: then registers and memory may hold part of its
     * effects, and the caller rebuilds the machine before it (only {@code m.at} is sure not to have moved).
     */
    Outcome stepFast(Machine m) {
        Insn insn = code.insnAt(m.at);
        Outcome fetch = fetchFault(insn, (int) m.cpu.get(Reg.CPL), m.cpu.get(Reg.CR4));
        if (fetch != null) {
            m.at = -1;
            m.outcome = fetch;
            return null;
        }
        Exec x = exec;
        x.begin(m.cpu, m.process, m.locals);
        try {
            m.at = advance(m.at, insn, x);
        } catch (Exec.Fault f) {
            return f.outcome();
        }
        m.process = x.process();
        m.locals = x.locals();
        m.outcome = x.outcome();
        return null;
    }

    /** How a run went: the instructions executed (counting one that faulted), and the fault that ended it, if one did. */
    record Run(int executed, Outcome fault) {
    }

    /**
     * Runs {@code m} to the end of the path (or {@code limit} instructions), keeping nothing. After a
     * fault, memory may hold part of the faulting instruction's stores: the caller replays {@code
     * executed - 1} instructions to get the machine before it.
     */
    Run run(Machine m, int limit) {
        int n = 0;
        while (n < limit && m.at >= 0) {
            n++;
            Outcome f = stepFast(m);
            if (f != null) {
                return new Run(n, f);
            }
        }
        return new Run(n, null);
    }

    /**
     * User mode can fetch only from user pages; with CR4.SMEP the kernel cannot fetch from them either
     * (SDM Vol. 3A §4.6: a supervisor-mode fetch from a user page is a page fault).
     */
    private Outcome fetchFault(Insn insn, int cpl, long cr4) {
        long at = insn.address();
        // kernel code lives in the upper half: only a fetch from a user address needs its page looked up
        // a C step or an event (a fault the CPU raises on a fetch) is not itself fetched
        if (cpl == 0 && at < 0 || !insn.hasAddress() || insn.length() == 0) {
            return null;
        }
        Region r = memory.regionAt(at).orElse(null);
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
            next = code.labelIndex(x.jumpLabel());
            if (next < 0) {
                throw new IllegalStateException("jump to unknown label " + x.jumpLabel());
            }
        } else if (x.transfers()) {
            long target = x.transferAddress();
            next = code.indexAt(target);
            if (next < 0) {
                x.end(leftCode(x.cpl(), x.locals(), target, x.flags()));
                return -1;
            }
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
            if (n.address() != insn.nextAddress() && insn.hasAddress() && insn.length() > 0 && n.hasAddress()) {
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
        if (locals.get(Local.RETURN_VIA).isEmpty()) {
            return new Outcome(Outcome.Kind.NONE, () -> String.format("the call returned without entering the kernel; "
                    + "the program continues at 0x%x (not simulated further)", rip));
        }
        Outcome.Kind k = returnedVia(locals);
        // the path's last user instruction ran with TF set: the trap comes before the one at rip
        String trap = Outcome.singleStepTrap(rflags, String.format("after the last user instruction shown, before 0x%x "
                + "runs", rip));
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
