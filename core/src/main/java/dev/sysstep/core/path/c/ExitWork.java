package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.path.Src;
import java.util.ArrayList;
import java.util.List;

/**
 * syscall_exit_to_user_mode, the C exit work every syscall entry ends with (reference §5;
 * kernel-other-entries.md §2.4 step 8): exit work with IRQs on, then IRQs off, and on 5.14 the MDS
 * VERW in arch_exit_to_user_mode. The phase falls through to whatever its caller emits next.
 */
final class ExitWork extends CPhases {
    private ExitWork(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    /** {@code callers}: the C and entry frames under syscall_exit_to_user_mode, innermost first. */
    static void emit(Asm a, KernelConfig c, CallPath path, List<String> callers) {
        new ExitWork(a, c, path).emit(callers);
    }

    private void emit(List<String> callers) {
        boolean verwInC = v.verwInExitWork() && c.has(Mitigation.VERW);
        boolean ia32 = path.abi() == Local.Abi.IA32;
        List<String> frames = new ArrayList<>();
        frames.add("syscall_exit_to_user_mode");
        frames.addAll(callers);
        phase("c.syscall_exit_to_user_mode", "syscall_exit_to_user_mode: exit work, IRQs off",
                Src.c(v, v.sources().exitToUserModeFile(), "syscall_exit_to_user_mode", ""),
                "With IRQs still on it would run exit work: audit, tracepoints, a ptrace stop; none is armed here. "
                + "Then it disables interrupts and handles pending work such as a reschedule or a signal (none is "
                + "pending). It returns with IF clear: IF comes back only from " + (ia32 ? "R11 at SYSRETL" : "R11 at SYSRET")
                + " or from the IRET frame."
                + (ia32 ? " On the way, arch_exit_to_user_mode_prepare() clears TS_COMPAT: the task stops counting as "
                + "a 32-bit syscall." : "")
                + (verwInC ? " On " + v.label() + " the MDS mitigation runs here, in C: arch_exit_to_user_mode() calls "
                + "mds_user_clear_cpu_buffers(), whose VERW on __KERNEL_DS flushes the CPU buffers and sets ZF "
                + "(asm/entry-common.h, nospec-branch.h); the exit assembly has no CLEAR_CPU_BUFFERS yet." : ""),
                frames, "syscall_exit_to_user_mode(regs);", x -> {
                    x.setFlags(x.flags() & ~RFlags.IF, RFlags.IF);
                    x.note("local_irq_disable(): IF = 0; no exit work, no pending signal or reschedule");
                    if (ia32) {
                        x.setLocal(Local.TS_COMPAT, false);
                        x.note("TS_COMPAT cleared");
                    }
                    if (verwInC) {
                        x.setFlags(x.flags() | RFlags.ZF, RFlags.ZF);
                        x.note("arch_exit_to_user_mode(): mds_user_clear_cpu_buffers() runs VERW on __KERNEL_DS: "
                                + "the CPU buffers are flushed, ZF = 1");
                    }
                });
    }
}
