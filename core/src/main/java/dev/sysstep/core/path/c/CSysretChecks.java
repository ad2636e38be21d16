package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.path.Src;
import java.util.List;
import java.util.function.Supplier;

/**
 * The SYSRET eligibility checks in C, at the end of do_syscall_64 from 6.7 on (kernel-6.12.md §3.2;
 * reference §1.2): each a phase and a check; the first that fails makes do_syscall_64 return false,
 * and the assembly after the call takes the IRET exit.
 */
final class CSysretChecks extends CPhases {
    /** Where a failed check leads. */
    private static final String TO_IRET = "IRET path";

    private CSysretChecks(Asm a, KernelConfig c) {
        super(a, c);
    }

    static void emit(Asm a, KernelConfig c) {
        new CSysretChecks(a, c).emit();
    }

    private void emit() {
        SourceRef src = Src.c(v, v.sources().doSyscall64File(), "do_syscall_64: SYSRET checks",
                v.sources().sysretCheckLines());
        List<String> frames = Src.frames();
        phase("exit.check.xen_pv", "SYSRET check (C) 1: not Xen PV", src,
                "From 6.7 on the SYSRET eligibility checks are C, after syscall_exit_to_user_mode (\"x86/entry/64: "
                + "Convert SYSRET validation tests to C\"). Xen PV must always use IRET; this is bare metal.",
                frames, "if (cpu_feature_enabled(X86_FEATURE_XENPV)) return false;", x -> x.check("exit.check.xen_pv", true,
                        () -> "X86_FEATURE_XENPV is clear", TO_IRET));
        phase("exit.check.cx_ip_r11_flags", "SYSRET check (C) 2: cx == ip and r11 == flags", src,
                "SYSRET takes RIP from RCX and RFLAGS from R11, so both pairs must match; the C code tests them "
                + "together, with full 64-bit compares.",
                frames, "if (unlikely(regs->cx != regs->ip || regs->r11 != regs->flags)) return false;", x -> {
                    long cx = reg(x, PtRegs.CX);
                    long ip = reg(x, PtRegs.IP);
                    long r11 = reg(x, PtRegs.R11);
                    long fl = reg(x, PtRegs.FLAGS);
                    cCheck(x, "exit.check.cx_ip_r11_flags", cx == ip && r11 == fl, () -> "cx " + hex(cx) + (cx == ip ? " == " : " != ")
                            + "ip " + hex(ip) + ", r11 " + hex(r11) + (r11 == fl ? " == " : " != ") + "flags " + hex(fl));
                });
        phase("exit.check.cs_ss", "SYSRET check (C) 3: cs == __USER_CS and ss == __USER_DS", src,
                "SYSRET loads fixed selectors, so the saved ones must be exactly those. cs and ss are unions with "
                + "FRED's fields (struct pt_regs), and the C code reads only their u16 members: a saved 0x10033 "
                + "passes as 0x33.",
                frames, "if (unlikely(regs->cs != __USER_CS || regs->ss != __USER_DS)) return false;", x -> {
                    long cs = reg(x, PtRegs.CS) & 0xFFFF;
                    long ss = reg(x, PtRegs.SS) & 0xFFFF;
                    cCheck(x, "exit.check.cs_ss", cs == Selectors.USER_CS && ss == Selectors.USER_DS,
                            () -> "cs " + hex(cs) + ", ss " + hex(ss) + " (low 16 bits)");
                });
        phase("exit.check.ip_task_size", "SYSRET check (C) 4: ip < TASK_SIZE_MAX", src,
                "Instead of the shift-based canonical test, 6.7 and later require ip below TASK_SIZE_MAX: "
                + "0x7ffffffff000 with 4-level paging, 0xfffffffffff000 with 5-level (an LA57 ALTERNATIVE). That is "
                + "stricter: it also sends the top user page, the vsyscall page and every kernel-half address to IRET.",
                frames, "if (unlikely(regs->ip >= TASK_SIZE_MAX)) return false;", x -> {
                    long ip = reg(x, PtRegs.IP);
                    boolean ok = Long.compareUnsigned(ip, c.taskSizeMax()) < 0;
                    cCheck(x, "exit.check.ip_task_size", ok, () -> "ip " + hex(ip) + (ok ? " < " : " >= ") + "TASK_SIZE_MAX " + hex(c.taskSizeMax()));
                });
        phase("exit.check.rf_tf", "SYSRET check (C) 5: neither RF nor TF", src,
                "SYSRET cannot restore RF, and TF would trap right after it; either flag means IRET. All checks "
                + "passed: do_syscall_64 returns true.",
                frames, "if (unlikely(regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF))) return false; return true;", x -> {
                    long fl = reg(x, PtRegs.FLAGS);
                    boolean ok = (fl & (RFlags.RF | RFlags.TF)) == 0;
                    cCheck(x, "exit.check.rf_tf", ok, () -> "flags & (RF|TF) = " + hex(fl & (RFlags.RF | RFlags.TF)));
                    if (ok) {
                        x.setLocal(Local.SYSRET_ALLOWED, true);
                    }
                });
    }

    private static void cCheck(Exec x, String id, boolean ok, Supplier<String> detail) {
        x.check(id, ok, detail, TO_IRET);
        if (!ok) {
            x.setLocal(Local.SYSRET_ALLOWED, false);
            x.note("return false: use IRET");
            x.jump("c.return");
        }
    }
}
