package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Stage;
import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.syscall.SyscallTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * do_syscall_64 and the C around the handler: syscall_enter_from_user_mode, the x64 and x32
 * dispatch, sys_ni_syscall, storing the result, syscall_exit_to_user_mode, the SYSRET checks in C
 * where the release has them, and the return (reference §5; kernel-6.12.md §3).
 */
public final class DoSyscall64 extends CPhases {
    /** Handlers whose bodies are simulated. */
    private static final List<String> SIMULATED = java.util.stream.Stream.concat(Stream.of("__x64_sys_write",
            "__x64_sys_read", "__x64_sys_getpid", "__x64_sys_exit_group", "__x64_sys_ni_syscall"),
            TimeHandlers.HANDLERS.stream()).toList();
    /** The phase each simulated handler jumps to, named once rather than per dispatch. */
    private static final Map<String, String> HANDLER_PHASES = SIMULATED.stream()
            .collect(Collectors.toUnmodifiableMap(h -> h, h -> "c." + h));

    private final SyscallTable table;

    private DoSyscall64(Asm a, KernelConfig c) {
        super(a, c);
        this.table = SyscallTable.of(v);
    }

    public static void emit(Asm a, KernelConfig c) {
        new DoSyscall64(a, c).emitAll();
    }

    private void emitAll() {
        String doFile = v.sources().doSyscall64File();
        String doLines = v.sources().doSyscall64Lines();

        phaseAt(v.layout().doSyscall64(), "c.do_syscall_64", "do_syscall_64(regs, nr): the C entry point",
                Src.c(v, doFile, "do_syscall_64", doLines),
                "do_syscall_64 receives regs in RDI and nr in RSI. add_random_kstack_offset() may move the C stack by "
                + "a random amount when kstack randomisation is on (from a "
                + (v.kstackOffsetPerTask() ? "per-task value on " + v.label() + ".86 and later" : "per-CPU value")
                + "); that only affects C frames, which are not simulated. From here on the scratch registers and RSP hold whatever compiled code puts there, so "
                + "they are shown as unknown until the RET.",
                Src.frames(), "do_syscall_64(struct pt_regs *regs, int nr)", x -> {
                    long regs = x.get(Reg.RDI);
                    long nr = (int) x.get(Reg.RSI);
                    x.setLocal(Local.REGS, regs);
                    x.setLocal(Local.NR, nr);
                    for (Reg r : CLOBBERED) {
                        x.undefine(r, -1L);
                    }
                    x.undefine(Reg.RSP, -1L);
                    x.undefine(Reg.RFLAGS, RFlags.ARITH);
                    x.note(() -> "regs = " + hex(regs) + " (pt_regs), nr = " + nr);
                });

        phase("c.syscall_enter_from_user_mode", "syscall_enter_from_user_mode: IRQs on, entry work",
                Src.c(v, v.sources().enterFromUserModeFile(), "syscall_enter_from_user_mode", ""),
                "Context tracking and RCU learn that the CPU left user mode, then local_irq_enable() sets IF: from "
                + "here the syscall can be interrupted. No tracer, seccomp filter, syscall user dispatch or audit "
                + "rule is attached to this process, so no SYSCALL_WORK_ENTER bit is set and nr comes back "
                + "unchanged.",
                Src.frames("syscall_enter_from_user_mode"), "nr = syscall_enter_from_user_mode(regs, nr);", x -> {
                    x.setFlags(x.flags() | RFlags.IF, RFlags.IF);
                    long nr = x.local(Local.NR);
                    x.note(() -> "local_irq_enable(): IF = 1; syscall_work has no SYSCALL_WORK_ENTER bit, nr = " + nr);
                });

        phase("c.do_syscall_x64", "do_syscall_x64: is nr a 64-bit syscall?",
                Src.c(v, doFile, "do_syscall_x64", ""),
                "nr is cast to unsigned int, so negative numbers become huge and fail the bounds check. Below "
                + "NR_syscalls (" + v.nrSyscalls() + " on " + v.label() + ") the number is clamped by "
                + "array_index_nospec, a Spectre v1 guard that keeps in-range values as they are, and dispatched; "
                + "otherwise do_syscall_x64 returns false.",
                Src.frames("do_syscall_x64 [inlined]"), "unsigned int unr = nr; if (likely(unr < NR_syscalls))", x -> {
                    long unr = x.local(Local.NR) & 0xFFFF_FFFFL;
                    boolean ok = unr < v.nrSyscalls();
                    x.check("do_syscall_x64.unr_below_NR_syscalls", ok,
                            () -> "unr = " + unr + (ok ? " < " : " >= ") + "NR_syscalls = " + v.nrSyscalls(),
                            "not a 64-bit number: try x32");
                    if (ok) {
                        Optional<SyscallTable.Entry> e = table.entry(unr);
                        x.setLocal(Local.UNR, unr);
                        x.setLocal(Local.ABI, Local.Abi.X64);
                        x.setLocal(Local.HANDLER, e.map(SyscallTable.Entry::handler).orElse("__x64_sys_ni_syscall"));
                        x.note(() -> "table slot " + unr + ": " + e.map(en -> en.name() + " -> " + en.handler())
                                .orElse("a gap in the table -> __x64_sys_ni_syscall"));
                        x.jump("c.dispatch");
                    }
                });

        phase("c.do_syscall_x32", "do_syscall_x32: is it an x32 syscall?",
                Src.c(v, doFile, "do_syscall_x32", ""),
                "x32 numbers carry __X32_SYSCALL_BIT (0x40000000). The check subtracts it as unsigned, so anything "
                + "else becomes huge, and acts only if the kernel has CONFIG_X86_X32_ABI and the result is below "
                + "548. " + x32Setting(),
                Src.frames("do_syscall_x32 [inlined]"),
                "unsigned int xnr = nr - __X32_SYSCALL_BIT; if (IS_ENABLED(CONFIG_X86_X32_ABI) && xnr < X32_NR_syscalls)", x -> {
                    long xnr = (x.local(Local.NR) - Limits.X32_SYSCALL_BIT) & 0xFFFF_FFFFL;
                    boolean ok = c.x32() && xnr < Limits.X32_NR_SYSCALLS;
                    x.check("do_syscall_x32.xnr_below_X32_NR_syscalls", ok, () -> "xnr = " + hex(xnr)
                            + (c.x32() ? (ok ? " < 548" : " >= 548") : ": " + x32Off()), "no handler");
                    if (ok) {
                        String handler = SyscallTable.x32Handler(table, xnr);
                        x.setLocal(Local.UNR, xnr);
                        x.setLocal(Local.ABI, Local.Abi.X32);
                        x.setLocal(Local.HANDLER, handler);
                        x.note(() -> "x32 slot " + xnr + " -> " + handler);
                        x.jump("c.dispatch_x32");
                    }
                });

        phase("c.no_handler", "Not a valid number: ni_syscall, or nothing for -1",
                Src.c(v, doFile, "do_syscall_64", doLines),
                "Neither table took the number. Unless nr is -1, __x64_sys_ni_syscall stores -ENOSYS in regs->ax. "
                + "For -1 nothing is called at all: -1 is what syscall_enter_from_user_mode returns to say \"skip\", "
                + "so ax keeps the -ENOSYS pushed at entry.",
                Src.frames(), "if (nr != -1) regs->ax = __x64_sys_ni_syscall(regs);", x -> {
                    long nr = x.local(Local.NR);
                    boolean skip = nr == -1;
                    x.check("do_syscall_64.nr_not_minus_one", !skip, () -> "nr = " + nr, "nothing is called");
                    if (skip) {
                        x.setLocal(Local.RET, -(long) Errno.ENOSYS);
                        x.note("nr == -1: nothing is called; pt_regs->ax keeps -ENOSYS from entry");
                    } else {
                        storeAx(x, -Errno.ENOSYS);
                    }
                    x.jump("c.syscall_exit_to_user_mode");
                });

        phase("c.dispatch", v.dispatchesBySwitch() ? "x64_sys_call(regs, unr): the dispatch switch"
                        : "sys_call_table[unr](regs): the indirect call",
                Src.c(v, "arch/x86/entry/syscall_64.c", v.dispatchesBySwitch() ? "x64_sys_call" : "sys_call_table", ""),
                v.dispatchesBySwitch()
                        ? v.label() + " dispatches through x64_sys_call, a generated switch whose cases call the "
                        + "__x64_sys_* stubs directly; the default case is __x64_sys_ni_syscall. The switch replaced "
                        + "the indirect call through sys_call_table as branch-history hardening (6.9, and a stable "
                        + "backport to 6.1)."
                        : v.label() + " indexes sys_call_table, an array of __x64_sys_* pointers generated from "
                        + "syscall_64.tbl with every gap filled by sys_ni_syscall, and calls through it.",
                Src.handlerFrames(v, false),
                v.dispatchesBySwitch() ? "regs->ax = x64_sys_call(regs, unr);" : "regs->ax = sys_call_table[unr](regs);",
                this::dispatch);

        phase("c.dispatch_x32", v.dispatchesBySwitch() ? "x32_sys_call(regs, xnr)" : "x32_sys_call_table[xnr](regs)",
                Src.c(v, v.sources().x32SysCallFile(), v.dispatchesBySwitch() ? "x32_sys_call" : "x32_sys_call_table", ""),
                "The x32 table holds the common entries and the x32-only entries 512-547; 64-bit-only entries are "
                + "gaps that land on ni_syscall. The x32 entry points are the __x64_compat_sys_* stubs "
                + "(COMPAT_SYSCALL_DEFINEx with X32_ABI), except eight that take plain __x64_sys_* handlers.",
                Src.handlerFrames(v, true),
                v.dispatchesBySwitch() ? "regs->ax = x32_sys_call(regs, xnr);" : "regs->ax = x32_sys_call_table[xnr](regs);",
                this::dispatch);

        a.stage(Stage.HANDLER);
        WriteHandler.emit(a, c, path);
        ReadHandler.emit(a, c, path);
        SmallHandlers.emit(a, c, path);
        TimeHandlers.emit(a, c, path);
        a.stageByKind();

        phase("c.store_ax", "regs->ax = the handler's return value",
                Src.c(v, doFile, "do_syscall_x64", ""),
                "The handler's return value replaces the -ENOSYS that entry put in pt_regs->ax. This slot is what "
                + "POP_REGS (or the IRET path) will load into RAX for the program.",
                Src.frames("do_syscall_x64 [inlined]"), "regs->ax = ret;", x -> storeAx(x, x.local(Local.RET)));

        ExitWork.emit(a, c, path, Src.frames());

        if (v.sysretChecksInC()) {
            a.stage(Stage.EXIT_CHECKS);
            CSysretChecks.emit(a, c);
            a.stageByKind();
        }

        phase("c.return", "return to entry_SYSCALL_64",
                Src.c(v, doFile, "do_syscall_64", doLines),
                "RET pops the return address the CALL pushed; RSP is back at pt_regs. "
                + (v.sysretChecksInC() ? "The bool result is in AL; the rest of RAX is whatever the compiler left."
                        : "do_syscall_64 returns void: RAX and the other scratch registers hold C leftovers, and the "
                        + "assembly reloads everything it needs from pt_regs."),
                Src.frames(), v.sysretChecksInC() ? "return true;  /* or false: SYSRET not allowed */" : "}", x -> {
                    x.set(Reg.RSP, ptRegs - 8);
                    long ret = x.pop();
                    if (v.sysretChecksInC()) {
                        boolean allowed = x.locals().get(Local.SYSRET_ALLOWED).orElse(false);
                        x.setPartly(Reg.RAX, allowed ? 1 : 0, ~0xFFL);
                    }
                    x.transfer(ret);
                });
    }

    /** The x32 switch as the profile has it: a build option, and on Debian also a boot switch. */
    private String x32Setting() {
        if (v.build().x32BootSwitch()) {
            return "Debian builds " + v.label() + " with CONFIG_X86_X32_ABI=y but gates it with its own static key, "
                    + "the boot parameter syscall.x32= (off by default); " + (c.x32()
                    ? "this profile has syscall.x32=y." : "this profile boots without it, so the check always fails.");
        }
        return c.x32() ? "This profile has x32 enabled." : "This profile has x32 disabled, so the check always fails.";
    }

    private String x32Off() {
        return v.build().x32BootSwitch() ? "syscall.x32 is off (Debian's x32_enabled static key)"
                : "CONFIG_X86_X32_ABI is off";
    }

    private void dispatch(Exec x) {
        String handler = x.local(Local.HANDLER);
        long unr = x.local(Local.UNR);
        x.note(() -> "unr = " + unr + " -> " + handler);
        String phase = HANDLER_PHASES.get(handler);
        if (phase != null) {
            x.jump(phase);
        } else {
            x.jump("c.handler_not_simulated");
        }
    }

}
