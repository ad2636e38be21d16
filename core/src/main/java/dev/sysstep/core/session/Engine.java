package dev.sysstep.core.session;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbols;
import java.util.List;
import java.util.Optional;

/** Executes one instruction of a snapshot and says where execution goes next. */
final class Engine {
    /** The result of one instruction: the step record and the machine after it. */
    record Result(Step step, Snapshot after) {
    }

    private Engine() {
    }

    static Result execute(KernelCode code, Symbols symbols, KernelConfig config, Memory memory, Snapshot s, int number) {
        Location loc = s.next();
        Insn insn = code.insn(loc);
        if (insn.hasAddress() && s.cpu().cpl() == 3 && !userCode(memory, insn.address())) {
            Outcome fetch = new Outcome(Outcome.Kind.PF, String.format("user mode cannot fetch the instruction at 0x%x: "
                    + "a page fault, which Linux turns into SIGSEGV (not simulated)", insn.address()));
            Step step = new Step(number, loc, code.phaseAt(loc), insn, List.of(), List.of(), List.of(), List.of(), fetch);
            return new Result(step, s.withNext(null, fetch));
        }
        Exec x = new Exec(s.cpu(), memory, symbols, config, s.process(), s.locals());
        Outcome outcome;
        CpuState cpu;
        List<MemWrite> writes;
        try {
            insn.effect().apply(x);
            outcome = x.outcome();
            cpu = x.cpuNow();
            writes = x.writes();
        } catch (Exec.Fault f) {
            List<MemWrite> partial = x.writes();
            for (int i = partial.size() - 1; i >= 0; i--) {
                memory.revert(partial.get(i));
            }
            Step step = new Step(number, loc, code.phaseAt(loc), insn, List.of(), List.of(), x.checks(), x.notes(),
                    f.outcome());
            return new Result(step, s.withNext(null, f.outcome()));
        }
        Locals locals = x.locals();
        Location next = null;
        if (outcome == null) {
            if (x.jumpLabel() != null) {
                next = code.label(x.jumpLabel()).orElseThrow(
                        () -> new IllegalStateException("jump to unknown label " + x.jumpLabel()));
            } else if (x.transferAddress() != null) {
                long target = x.transferAddress();
                Optional<Location> at = code.at(target);
                if (at.isPresent()) {
                    next = at.get();
                } else {
                    outcome = leftCode(cpu, memory, locals, target);
                }
            } else {
                Optional<Location> fall = code.fallthrough(loc);
                if (fall.isPresent()) {
                    next = fall.get();
                    Insn n = code.insn(next);
                    if (insn.hasAddress() && insn.length() > 0 && n.hasAddress() && n.address() != insn.nextAddress()) {
                        throw new IllegalStateException(String.format("fall-through from 0x%x (%s) to 0x%x: code layout bug",
                                insn.address(), insn.text(), n.address()));
                    }
                } else {
                    if (insn.hasAddress()) {
                        cpu = cpu.with(Reg.RIP, insn.nextAddress());
                    }
                    outcome = ended(locals, cpu);
                }
            }
        }
        if (next != null) {
            Insn n = code.insn(next);
            cpu = n.hasAddress() ? cpu.with(Reg.RIP, n.address()) : cpu.toBuilder().undefine(Reg.RIP, -1L).build();
        }
        Snapshot after = new Snapshot(cpu, memory.regions(), x.process(), locals, next, outcome);
        Step step = new Step(number, loc, code.phaseAt(loc), insn, writes, x.pops(), x.checks(), x.notes(), outcome);
        return new Result(step, after);
    }

    private static boolean userCode(Memory memory, long address) {
        return memory.regionAt(address).map(Region::user).orElse(false);
    }

    private static Outcome.Kind returnedVia(Locals locals) {
        Object via = locals.get("return.via").orElse("");
        if ("sysret".equals(via)) {
            return Outcome.Kind.SYSRET;
        }
        if ("iret".equals(via)) {
            return Outcome.Kind.IRET;
        }
        return Outcome.Kind.LEFT_CODE;
    }

    private static Outcome ended(Locals locals, CpuState cpu) {
        Outcome.Kind k = returnedVia(locals);
        return new Outcome(k, String.format("back in user mode via %s; the program continues at 0x%x (not simulated "
                + "further)", k == Outcome.Kind.SYSRET ? "SYSRET" : "IRET", cpu.get(Reg.RIP)));
    }

    private static Outcome leftCode(CpuState cpu, Memory memory, Locals locals, long target) {
        if (cpu.cpl() == 3) {
            Optional<Region> r = memory.regionAt(target);
            if (r.isEmpty() || !r.get().user()) {
                return new Outcome(Outcome.Kind.PF, String.format("user mode at 0x%x: fetching the next instruction "
                        + "raises a page fault, which Linux turns into SIGSEGV (not simulated)", target));
            }
            Outcome.Kind k = returnedVia(locals);
            return new Outcome(k, String.format("back in user mode via %s at 0x%x; no simulated instruction follows",
                    k == Outcome.Kind.IRET ? "IRET" : "SYSRET", target));
        }
        return new Outcome(Outcome.Kind.LEFT_CODE, String.format("execution continues at 0x%x, which is not part of "
                + "the simulated code", target));
    }
}
