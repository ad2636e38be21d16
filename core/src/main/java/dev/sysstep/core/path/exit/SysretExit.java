package dev.sysstep.core.path.exit;

import dev.sysstep.core.code.Stage;
import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.path.Macros;
import dev.sysstep.core.path.Src;

/**
 * entry_SYSCALL_64 after {@code call do_syscall_64}: the decision (the assembly checks, or the bool
 * the C checks returned) and the SYSRET exit (reference §1.2; kernel-6.12.md §4).
 */
public final class SysretExit {
    /** Where every failed SYSRET check leads. */
    public static final String IRET_LABEL = "swapgs_restore_regs_and_return_to_usermode";
    /** What a failed check says about where the run goes. */
    public static final String TO_IRET = "IRET path";

    private SysretExit() {
    }

    /** Called with the builder's pc right after the 5-byte call. */
    public static void emit(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        if (v.sysretChecksInC()) {
            a.phase("exit.sysret_allowed", "Did do_syscall_64 allow SYSRET?", PhaseKind.ASM, Src.entry(v, null, null),
                    "From 6.7 on the SYSRET checks run in C and do_syscall_64 returns their verdict in AL. "
                    + "testb sets ZF when AL is 0 (false), and jz then takes the IRET path. On Xen PV this "
                    + "ALTERNATIVE is an unconditional jump to that path instead.",
                    Src.ENTRY_FRAMES);
            a.testbAl("the bool do_syscall_64 returned");
            a.jcc("jz", Asm::zf, IRET_LABEL, 6, "false: use IRET",
                    new Asm.CheckSpec("exit.sysret_allowed", x -> {
                        long al = x.get(Reg.RAX) & 0xFF;
                        return () -> "AL = " + al;
                    }, TO_IRET));
        } else {
            a.stage(Stage.EXIT_CHECKS);
            AsmSysretChecks.emit(a, c);
            a.stageByKind();
        }
        a.label("syscall_return_via_sysret");
        if (v.hasRetbleedMitigations()) {
            a.phase("exit.ibrs_exit", "IBRS_EXIT", PhaseKind.ASM, Src.entry(v, "IBRS_EXIT", Src.CALLING_H),
                    c.has(Mitigation.IBRS)
                            ? "The kernel turns IBRS back off in IA32_SPEC_CTRL before user code runs again."
                            : "X86_FEATURE_KERNEL_IBRS is clear, so the ALTERNATIVE jumps over the SPEC_CTRL write.",
                    Src.ENTRY_FRAMES);
            Macros.ibrsExit(a, c, "sysret");
        }
        a.phase("exit.pop_regs", "POP_REGS pop_rdi=0: restore the user registers", PhaseKind.ASM,
                Src.entry(v, "POP_REGS", Src.CALLING_H),
                "The registers come back from pt_regs in the reverse order of the pushes; RAX gets pt_regs->ax, the "
                + "return value. RDI stays on the stack: it is needed as a scratch register a little longer. "
                + (v.popRegsSkipsR11Rcx()
                        ? "5.14 uses skip_r11rcx: the r11 and cx slots are popped into RSI as a throwaway, because "
                        + "the checks already left the right values in RCX and R11."
                        : "RCX and R11 are popped from their slots, which the checks proved equal to ip and flags."),
                Src.ENTRY_FRAMES);
        Macros.popRegs(a, v, false, v.popRegsSkipsR11Rcx());

        a.phase("exit.switch_to_trampoline", "Move to the trampoline stack", PhaseKind.ASM, Src.entry(v, null, null),
                "RDI = RSP, which now points at pt_regs->di. RSP = TSS.sp0, the top of this CPU's 4 KiB entry stack, "
                + "which stays mapped in the user page tables. The user RSP (40 bytes above di) and RDI are copied "
                + "there, because after CR3 switches back the task stack is no longer mapped. ("
                + v.trampolineUnwindHint() + " emits no code.)",
                Src.ENTRY_FRAMES);
        a.mov(Reg.RSP, Reg.RDI, "RDI = &pt_regs->di");
        a.load(Mem.percpu(Layout.CPU_TSS_RW + Layout.TSS_SP0, "cpu_tss_rw + TSS_sp0"), Reg.RSP,
                "PER_CPU_VAR(cpu_tss_rw + TSS_sp0): the entry stack");
        a.push(Mem.at(Reg.RDI, PtRegs.SP - PtRegs.DI, "RSP-RDI(%rdi)"), "trampoline: user RSP (copy of pt_regs->sp)",
                "RSP-RDI(%rdi)");
        a.push(Mem.at(Reg.RDI, 0, "(%rdi)"), "trampoline: user RDI (copy of pt_regs->di)", "(%rdi)");

        if (c.stackleak()) {
            a.phase("exit.stackleak", "STACKLEAK_ERASE_NOCLOBBER", PhaseKind.ASM,
                    Src.entry(v, "STACKLEAK_ERASE_NOCLOBBER", Src.CALLING_H),
                    "With " + v.stackleakConfig() + " the kernel poisons the part of the task stack this syscall "
                    + "used, so the next syscall cannot read leftovers. Every register is pushed on the trampoline "
                    + "stack, stackleak_erase() runs, and every register is popped again.",
                    Src.ENTRY_FRAMES);
            Macros.stackleakNoClobber(a, v, "STACKLEAK_ERASE_NOCLOBBER");
        }

        a.phase("exit.switch_to_user_cr3", "SWITCH_TO_USER_CR3_STACK: back to the user page tables", PhaseKind.ASM,
                Src.entry(v, "SWITCH_TO_USER_CR3_STACK", Src.CALLING_H), userCr3Explanation(c), Src.ENTRY_FRAMES);
        Macros.switchToUserCr3Stack(a, c, "sysret");

        a.phase("exit.restore_rdi_rsp", "popq %rdi; popq %rsp: the user stack, still at CPL 0", PhaseKind.ASM,
                Src.entry(v, null, null),
                "The user RDI and RSP come off the trampoline stack. RSP now points at the user stack while the CPU "
                + "is still at CPL 0: if SYSRET faulted from here on Intel, the exception frame would land on this "
                + "user-controlled stack.",
                Src.ENTRY_FRAMES);
        a.pop(Reg.RDI, "the user RDI");
        a.pop(Reg.RSP, "the user RSP");

        a.phase("exit.swapgs", "swapgs: the user GS base is back", PhaseKind.ASM, Src.entry(v, null, null),
                "The second SWAPGS puts the user's GS base back in GS and the per-CPU base back in KERNEL_GS_BASE. "
                + "From here to SYSRET the kernel runs with the user GS: nothing may touch per-CPU data."
                + (v.hasIbtAnnotations() ? " (label entry_SYSRETQ_unsafe_stack.)" : ""),
                Src.ENTRY_FRAMES);
        a.label("entry_SYSRETQ_unsafe_stack");
        a.swapgs("back to the user GS base");

        if (v.verwInExitAsm()) {
            a.phase("exit.clear_cpu_buffers", "CLEAR_CPU_BUFFERS", PhaseKind.ASM,
                    Src.entry(v, "CLEAR_CPU_BUFFERS", Src.NOSPEC_H),
                    c.has(Mitigation.VERW)
                            ? "X86_FEATURE_CLEAR_CPU_BUF is set (the CPU has MDS, like both observed machines): the "
                            + "memory form of VERW, with the microcode update, flushes CPU buffers that could leak "
                            + "kernel data to user space. It only changes ZF."
                            : "X86_FEATURE_CLEAR_CPU_BUF is clear: no VERW on this CPU.",
                    Src.ENTRY_FRAMES);
            Macros.clearCpuBuffers(a, c, "sysret");
        }

        a.phase("exit.sysretq", "sysretq: back to user mode", PhaseKind.HARDWARE, Src.sdm("SYSRET"),
                "RIP = RCX; RFLAGS = (R11 & 0x3C7FD7) | 2, so RF and VM are forced off and bit 1 on; CS = "
                + "STAR[63:48] + 16 | 3 = 0x33, SS = STAR[63:48] + 8 | 3 = 0x2b, CPL = 3. RSP and the other registers "
                + "stay as the kernel left them. IF comes back from R11: syscall_enter_from_user_mode enabled "
                + "interrupts and syscall_exit_to_user_mode disabled them again, and nothing sets IF before SYSRET. "
                + "On Intel a non-canonical RCX raises #GP here, in ring 0, before anything changes.",
                Src.ENTRY_FRAMES);
        long sysretAddress = a.pc();
        a.emit("sysretq", 3, "", x -> Hardware.sysretq(x, sysretAddress));
    }

    public static String userCr3Explanation(KernelConfig c) {
        KernelVersion v = c.version();
        if (!c.kpti()) {
            return v.exitTestsPtiFirst()
                    ? "KPTI is off, and " + v.label() + " tests X86_FEATURE_PTI before anything else: a single JMP "
                    + "over the macro."
                    : "KPTI is off. In " + v.label() + " the X86_FEATURE_PTI test is inside the macro, so RAX is still "
                    + "pushed and popped around a JMP over the CR3 switch.";
        }
        return "RAX is saved because the macro needs a second scratch register. "
                + (c.pcid() ? "With PCID it looks up this PCID's bit in cpu_tlbstate.user_pcid_flush_mask: if a flush "
                + "is pending it clears the bit and writes CR3 without NOFLUSH, otherwise it sets NOFLUSH (bit 63). "
                + "Then it sets bit 11 (user PCID) and bit 12 (user PGD) and writes CR3."
                : "Without PCID it jumps straight to setting bit 12 (the user half of the PGD) and writes CR3.")
                + " The user page tables are live from here on.";
    }
}
