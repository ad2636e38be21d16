package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Stage;
import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.syscall.I386Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * do_syscall_32_irqs_on and what follows it on every 32-bit way in (kernel-other-entries.md §2.4
 * steps 7-8, §2.5): the bounds check against IA32_NR_syscalls, the ia32 dispatch, the handlers with
 * their __ia32_sys_ stubs, the result into pt_regs->ax, and syscall_exit_to_user_mode. The caller
 * emits what comes after, the return to its entry.
 */
final class Ia32Syscall extends CPhases {
    /** The __ia32_sys_ handlers whose bodies are simulated. */
    private static final Set<String> SIMULATED = Set.of("__ia32_sys_write", "__ia32_sys_read", "__ia32_sys_getpid",
            "__ia32_sys_exit_group", "__ia32_sys_exit", "__ia32_sys_ni_syscall");

    private Ia32Syscall(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    /** {@code callers}: the C and entry frames under do_syscall_32_irqs_on, innermost first. */
    static void emit(Asm a, KernelConfig c, CallPath path, List<String> callers) {
        new Ia32Syscall(a, c, path).emitAll(callers);
    }

    private void emitAll(List<String> callers) {
        List<String> frames = new ArrayList<>();
        frames.add("do_syscall_32_irqs_on [inlined]");
        frames.addAll(callers);
        int nr32 = I386Table.nrSyscalls(v);
        String file = v.otherEntries().int80CFile();
        phase("c.do_syscall_32_irqs_on", "do_syscall_32_irqs_on: is nr an i386 syscall?",
                Src.c(v, file, "do_syscall_32_irqs_on", ""),
                "The number is cast to unsigned int and checked against IA32_NR_syscalls (" + nr32 + " on " + v.label()
                + ", derived: the i386 table ends where the x86-64 table does). The i386 table is its own number "
                + "space: 4 is write, 1 is exit, 20 is getpid; 64-bit numbers mean something else here. Below the "
                + "bound array_index_nospec clamps it and it is dispatched; otherwise __ia32_sys_ni_syscall returns "
                + "-ENOSYS, except for -1, for which nothing is called.",
                frames, "unsigned int unr = nr; if (likely(unr < IA32_NR_syscalls)) { ... } else if (nr != -1) ...", x -> {
                    long nr = x.local(Local.NR);
                    long unr = nr & 0xFFFF_FFFFL;
                    boolean ok = unr < nr32;
                    x.check("do_syscall_32_irqs_on.unr_below_IA32_NR_syscalls", ok,
                            () -> "unr = " + unr + (ok ? " < " : " >= ") + "IA32_NR_syscalls = " + nr32,
                            nr == -1 ? "nothing is called" : "__ia32_sys_ni_syscall");
                    x.setLocal(Local.ABI, Local.Abi.IA32);
                    if (ok) {
                        var e = I386Table.entry(unr);
                        String handler = e.flatMap(I386Table.Entry::handler)
                                .orElse(e.map(en -> "__ia32_sys_" + en.name()).orElse("syscall_32.tbl entry " + unr));
                        x.setLocal(Local.UNR, unr);
                        x.setLocal(Local.HANDLER, handler);
                        x.note(() -> "i386 slot " + unr + ": " + e.map(en -> en.name() + " -> " + handler)
                                .orElse("not among the entries simulated here"));
                        x.jump("c.ia32_dispatch");
                    } else if (nr == -1) {
                        x.setLocal(Local.RET, -(long) Errno.ENOSYS);
                        x.note("nr == -1: nothing is called; pt_regs->ax keeps -ENOSYS");
                        x.jump("c.syscall_exit_to_user_mode");
                    } else {
                        x.setLocal(Local.HANDLER, "__ia32_sys_ni_syscall");
                        x.jump("c." + path.stub("ni_syscall"));
                    }
                });

        phase("c.ia32_dispatch", v.dispatchesBySwitch() ? "ia32_sys_call(regs, unr): the dispatch switch"
                        : "ia32_sys_call_table[unr](regs)",
                Src.c(v, "arch/x86/entry/syscall_32.c", v.dispatchesBySwitch() ? "ia32_sys_call" : "ia32_sys_call_table", ""),
                v.dispatchesBySwitch()
                        ? v.label() + " dispatches 32-bit syscalls through ia32_sys_call, a switch generated from "
                        + "syscall_32.tbl whose cases call the __ia32_sys_* stubs (the same branch-history hardening as "
                        + "the 64-bit x64_sys_call)."
                        : v.label() + " calls through ia32_sys_call_table, an array of __ia32_sys_* pointers generated "
                        + "from syscall_32.tbl.",
                path.handler(), v.dispatchesBySwitch() ? "regs->ax = ia32_sys_call(regs, unr);"
                        : "regs->ax = ia32_sys_call_table[unr](regs);", this::dispatch);

        a.stage(Stage.HANDLER);
        WriteHandler.emit(a, c, path);
        ReadHandler.emit(a, c, path);
        SmallHandlers.emit(a, c, path);
        a.stageByKind();

        phase(STORE_AX, "regs->ax = the handler's return value", Src.c(v, file, "do_syscall_32_irqs_on", ""),
                "The handler's long result replaces -ENOSYS in pt_regs->ax. A 64-bit program sees it sign-extended: "
                + "-EFAULT (-14) comes back as RAX = 0xfffffffffffffff2.",
                frames, "regs->ax = ia32_sys_call(regs, unr);", x -> storeAx(x, x.local(Local.RET)));

        ExitWork.emit(a, c, path, callers);
    }

    private void dispatch(Exec x) {
        String handler = x.local(Local.HANDLER);
        long unr = x.local(Local.UNR);
        x.note(() -> "unr = " + unr + " -> " + handler);
        x.jump(SIMULATED.contains(handler) ? "c." + handler : "c.handler_not_simulated");
    }
}
