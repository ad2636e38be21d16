package dev.sysstep.core.path.exit;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.KernelInsns;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.path.Macros;
import dev.sysstep.core.path.Src;
import java.util.List;

/**
 * sysret32_from_system_call (kernel-other-entries.md §3.6): the fast way back to a 32-bit process,
 * used after SYSENTER too. A 64-bit kernel never returns with SYSEXIT (seed 003 says it does): SYSRETL
 * loads EIP from ECX with no canonical check, CS 0x23 and SS 0x2b. Its address was not observed.
 */
public final class Sysret32Exit {
    public static final String LABEL = "sysret32_from_system_call";

    private Sysret32Exit() {
    }

    public static void emit(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        a.unplaced();
        SourceRef src = Src.compat(v, LABEL, v.otherEntries().compatLines().sysret32());
        List<String> frames = List.of(LABEL);
        a.label(LABEL);
        if (v.fastSyscall32ReturnsBool()) {
            a.phase("sysret32.test", "SYSRETL or IRET?", PhaseKind.ASM, src,
                    "do_fast_syscall_32 returns a bool on " + v.label() + ", and this exit tests AL itself: false goes to "
                    + "the IRET exit.", frames);
            a.testbAl("do_fast_syscall_32's answer");
            a.jcc("jz", Asm::zf, SysretExit.IRET_LABEL, 6, "false: use IRET", new Asm.CheckSpec("do_fast_syscall_32.sysretl",
                    x -> {
                        long al = x.get(Reg.RAX) & 0xFF;
                        return () -> "do_fast_syscall_32 returned " + (al != 0);
                    }, "the IRET exit"));
        }
        if (c.stackleak() || v.hasRetbleedMitigations()) {
            a.phase("sysret32.ibrs_exit", (c.stackleak() ? "STACKLEAK_ERASE; " : "") + "IBRS_EXIT", PhaseKind.ASM, src,
                    (c.stackleak() ? "STACKLEAK_ERASE poisons the task stack this call used (it runs here, still on that "
                    + "stack). " : "") + "IBRS_EXIT undoes IBRS_ENTER.", frames);
            if (c.stackleak()) {
                a.callOpaque("stackleak_erase", new Reg[] {Reg.RAX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9,
                    Reg.R10, Reg.R11}, "STACKLEAK_ERASE", "stackleak_erase() poisons the used task stack; not simulated "
                    + "instruction by instruction");
            }
            if (v.hasRetbleedMitigations()) {
                Macros.ibrsExit(a, c, "sysret32");
            }
        }

        a.phase("sysret32.restore_regs", "Reload the registers from pt_regs", PhaseKind.ASM, src,
                "RBX and RBP first (RBP is now the 6th argument C read from the user stack, the caller's EBP), then "
                + "R11 = flags and RCX = ip for SYSRETL: ip is the vDSO's landing pad. r8-r15 are skipped; pt_regs->cx "
                + "is popped into RDX and thrown away.", frames);
        a.load(Mem.at(Reg.RSP, PtRegs.BX, "RBX(%rsp)"), Reg.RBX, "pt_regs->bx");
        a.load(Mem.at(Reg.RSP, PtRegs.BP, "RBP(%rsp)"), Reg.RBP, "pt_regs->bp");
        a.load(Mem.at(Reg.RSP, PtRegs.FLAGS, "EFLAGS(%rsp)"), Reg.R11, "pt_regs->flags (in r11)");
        a.load(Mem.at(Reg.RSP, PtRegs.IP, "RIP(%rsp)"), Reg.RCX, "pt_regs->ip (in rcx)");
        a.addq(PtRegs.AX, Reg.RSP, "skip r8-r15");
        a.alsoDo(x -> x.setLocal(Local.PT_REGS_LIVE, false));
        a.pop(Reg.RAX, "pt_regs->ax");
        a.pop(Reg.RDX, "skip pt_regs->cx");
        a.pop(Reg.RDX, "pt_regs->dx");
        a.pop(Reg.RSI, "pt_regs->si");
        a.pop(Reg.RDI, "pt_regs->di");

        a.label("entry_SYSRETL_compat_unsafe_stack");
        a.phase("sysret32.user_stack", "RSP = the user ESP", PhaseKind.ASM, src,
                "From pt_regs->sp: RSP - ORIG_RAX points at it. From here the kernel runs on the user's stack, so "
                + "nothing more may be read from the kernel stack.", frames);
        a.load(Mem.at(Reg.RSP, PtRegs.SP - PtRegs.ORIG_AX, "RSP-ORIG_RAX(%rsp)"), Reg.RSP, "pt_regs->sp");

        a.phase("sysret32.switch_to_user_cr3", "SWITCH_TO_USER_CR3_NOSTACK: R8 and R9 as scratch",
                PhaseKind.ASM, src, c.kpti()
                        ? "With no kernel stack to push on, R8 and R9 are the scratch registers: they are zeroed next anyway."
                        : "X86_FEATURE_PTI is clear, so a JMP skips the CR3 switch.", frames);
        Macros.switchToUserCr3NoStack(a, c, "sysret32", Reg.R8, Reg.R9);

        a.phase("sysret32.clear_scratch", "Zero R8, R9, R10", PhaseKind.ASM, src,
                "r8-r10 would leak kernel values: zero them. r12-r15 were zeroed on entry and C preserved them; "
                + "a 32-bit process cannot see any of them.", frames);
        a.xorl(Reg.R8, "");
        a.xorl(Reg.R9, "");
        a.xorl(Reg.R10, "");

        a.phase("sysret32.swapgs", "swapgs" + (v.verwInExitAsm() ? "; CLEAR_CPU_BUFFERS" : ""), PhaseKind.ASM, src,
                "The user GS base goes back." + (v.verwInExitAsm() ? (c.has(dev.sysstep.core.kernel.Mitigation.VERW)
                        ? " VERW flushes the CPU buffers (MDS)." : " No VERW: X86_FEATURE_CLEAR_CPU_BUF is clear.")
                        : " " + v.label() + " has no CLEAR_CPU_BUFFERS here; its MDS flush ran in C."), frames);
        a.swapgs("");
        if (v.verwInExitAsm()) {
            Macros.clearCpuBuffers(a, c, "sysret32");
        }

        a.phase("sysret32.sysretl", "sysretl: back to the 32-bit process", PhaseKind.HARDWARE, Src.sdm("SYSRET"),
                "SYSRET without REX.W: EIP = ECX, with no canonical check (a 32-bit address always is one), RFLAGS = "
                + "(R11 & 0x3C7FD7) | 2, CS = STAR[63:48] | 3 = 0x23 (compatibility mode, L = 0, D = 1), SS = 0x2b, CPL "
                + "3; RSP is left as it is. After it ECX holds the landing pad until the vDSO pops the caller's ECX. "
                + "On Intel too: only SYSCALL from compatibility mode is missing there, not SYSRETL.", frames);
        KernelInsns.sysretl(a, "");
    }
}
