package dev.sysstep.core.path.exit;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.Outcome;
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
 * The IRET exit, swapgs_restore_regs_and_return_to_usermode (reference §1.3; kernel-6.12.md §5): the
 * way back when SYSRET may not be used, shared by every entry that returns with IRET.
 */
public final class IretExit {
    private IretExit() {
    }

    /** Bytes of restore_regs_and_return_to_kernel before .Lnative_iret: POP_REGS, addq $8, the Xen PV iret patch. */
    private static final int RETURN_TO_KERNEL_BYTES = 23 + 4 + 5;

    /** Why the 64-bit SYSCALL path leaves through IRET. */
    public static final String AFTER_SYSCALL = "A SYSRET check failed, or do_syscall_64 said no, so the return goes "
            + "through IRET";

    public static void emit(Asm a, KernelConfig c) {
        emit(a, c, AFTER_SYSCALL);
    }

    /** The IRET exit; {@code why} says why this path takes it, for its first phase. */
    public static void emit(Asm a, KernelConfig c, String why) {
        KernelVersion v = c.version();
        a.org(v.layout().swapgsRestoreRegs());
        a.label(SysretExit.IRET_LABEL);
        if (v.hasRetbleedMitigations()) {
            a.phase("iret.ibrs_exit", "IRET path: IBRS_EXIT", PhaseKind.ASM, Src.iret(v, "IBRS_EXIT", Src.CALLING_H),
                    why + ", which can restore any RIP, CS, RFLAGS, RSP and SS. It starts, like the SYSRET exit, by "
                    + "undoing IBRS_ENTER "
                    + (c.has(Mitigation.IBRS) ? "." : "(a JMP here: X86_FEATURE_KERNEL_IBRS is clear)."),
                    Src.IRET_FRAMES);
            Macros.ibrsExit(a, c, "iret");
        }
        if (v.iretExitHasXenPvSite()) {
            a.phase("iret.xen_pv", "IRET path: not Xen PV", PhaseKind.ASM, Src.iret(v, null, null),
                    "Xen PV guests leave through their own routine; natively this ALTERNATIVE is a NOP.",
                    Src.IRET_FRAMES);
            a.nop(5, "ALTERNATIVE: X86_FEATURE_XENPV clear");
        }
        if (v.exitTestsPtiFirst()) {
            emitWithPtiBranch(a, c);
        } else {
            emitTrampolinePath(a, c, "iret.pop_regs");
            boolean paravirt = v.paravirtSwapgsMacros();
            a.phase("iret.swapgs", "IRET path: swapgs", PhaseKind.ASM, Src.iret(v, null, null),
                    "The user GS base goes back into GS" + (paravirt
                    ? " (" + v.label() + " spells it with the paravirt macro SWAPGS, a plain swapgs natively)." : "."),
                    Src.IRET_FRAMES);
            a.swapgs(paravirt ? "SWAPGS" : "back to the user GS base");
            if (v.verwInExitAsm()) {
                a.phase("iret.clear_cpu_buffers", "IRET path: CLEAR_CPU_BUFFERS", PhaseKind.ASM,
                        Src.iret(v, "CLEAR_CPU_BUFFERS", Src.NOSPEC_H),
                        c.has(Mitigation.VERW) ? "VERW flushes CPU buffers before returning to user mode (MDS)."
                        : "X86_FEATURE_CLEAR_CPU_BUF is clear: no VERW.",
                        Src.IRET_FRAMES);
                Macros.clearCpuBuffers(a, c, "iret");
            }
            a.phase("iret.jmp_native_iret", "IRET path: jump to the native iretq", PhaseKind.ASM,
                    Src.iret(v, paravirt ? "INTERRUPT_RETURN" : null, paravirt ? "arch/x86/include/asm/irqflags.h" : null),
                    paravirt
                            ? "INTERRUPT_RETURN is a paravirt ALTERNATIVE; natively it is a JMP to native_iret."
                            : "A short JMP to .Lnative_iret, shared with the return-to-kernel path.",
                    Src.IRET_FRAMES);
            if (paravirt) {
                a.jmp("native_iret", 5, "INTERRUPT_RETURN, patched for native hardware");
                a.skip(1);
            } else {
                a.jmp(".Lnative_iret", 2, "");
                a.skip(RETURN_TO_KERNEL_BYTES);
            }
        }
        emitNativeIret(a, c);
    }

    /** Before 6.8 always, from 6.8 with PTI: copy the IRET frame to the trampoline stack and switch CR3. */
    private static void emitTrampolinePath(Asm a, KernelConfig c, String firstPhase) {
        KernelVersion v = c.version();
        a.phase(firstPhase, "IRET path: POP_REGS pop_rdi=0", PhaseKind.ASM, Src.iret(v, "POP_REGS", Src.CALLING_H),
                "All registers but RDI come back from pt_regs, here with no skip_r11rcx shortcut. Afterwards the "
                + "stack holds the user RDI, orig_ax, then the five-word IRET frame: RIP, CS, RFLAGS, RSP, SS.",
                Src.IRET_FRAMES);
        Macros.popRegs(a, v, false, false);

        a.phase("iret.switch_to_trampoline", "IRET path: copy the IRET frame to the trampoline stack", PhaseKind.ASM,
                Src.iret(v, null, null),
                "RSP moves to TSS.sp0, the entry stack that stays mapped under the user page tables, and the five "
                + "IRET words and the user RDI are copied there, SS first, so that iretq can pop them after CR3 "
                + "is switched.",
                Src.IRET_FRAMES);
        a.mov(Reg.RSP, Reg.RDI, "RDI = &pt_regs->di");
        a.load(Mem.percpu(Layout.CPU_TSS_RW + Layout.TSS_SP0, "cpu_tss_rw + TSS_sp0"), Reg.RSP,
                "PER_CPU_VAR(cpu_tss_rw + TSS_sp0)");
        a.push(Mem.at(Reg.RDI, PtRegs.SS - PtRegs.DI, "6*8(%rdi)"), "trampoline IRET frame: SS", "SS");
        a.push(Mem.at(Reg.RDI, PtRegs.SP - PtRegs.DI, "5*8(%rdi)"), "trampoline IRET frame: RSP", "RSP");
        a.push(Mem.at(Reg.RDI, PtRegs.FLAGS - PtRegs.DI, "4*8(%rdi)"), "trampoline IRET frame: RFLAGS", "EFLAGS");
        a.push(Mem.at(Reg.RDI, PtRegs.CS - PtRegs.DI, "3*8(%rdi)"), "trampoline IRET frame: CS", "CS");
        a.push(Mem.at(Reg.RDI, PtRegs.IP - PtRegs.DI, "2*8(%rdi)"), "trampoline IRET frame: RIP", "RIP");
        a.push(Mem.at(Reg.RDI, 0, "(%rdi)"), "trampoline: user RDI", "push user RDI on the trampoline stack");

        if (c.stackleak()) {
            a.phase("iret.stackleak", "IRET path: STACKLEAK_ERASE_NOCLOBBER", PhaseKind.ASM,
                    Src.iret(v, "STACKLEAK_ERASE_NOCLOBBER", Src.CALLING_H),
                    "As on the SYSRET exit: save everything, let stackleak_erase() poison the used task stack, "
                    + "restore everything.",
                    Src.IRET_FRAMES);
            Macros.stackleakNoClobber(a, v, "STACKLEAK_ERASE_NOCLOBBER");
        }

        a.phase("iret.switch_to_user_cr3", "IRET path: back to the user page tables", PhaseKind.ASM,
                Src.iret(v, "SWITCH_TO_USER_CR3", Src.CALLING_H), SysretExit.userCr3Explanation(c), Src.IRET_FRAMES);
        if (v.exitTestsPtiFirst()) {
            a.push(Reg.RAX, "SWITCH_TO_USER_CR3: saved RAX", "RAX is the second scratch register");
            Macros.switchToUserCr3Body(a, c, "iret");
            a.pop(Reg.RAX, "restore RAX");
        } else {
            Macros.switchToUserCr3Stack(a, c, "iret");
        }

        a.phase("iret.restore_rdi", "IRET path: restore RDI", PhaseKind.ASM, Src.iret(v, null, null),
                "The user RDI comes off the trampoline stack; RSP now points at the copied IRET frame."
                + (v.exitTestsPtiFirst() ? " Then a JMP back to the swapgs shared with the non-PTI branch." : ""),
                Src.IRET_FRAMES);
        a.pop(Reg.RDI, "restore RDI");
        if (v.exitTestsPtiFirst()) {
            a.jmp(".Lswapgs_and_iret", 5, "");
        }
    }

    /** From 6.8: a branch without the trampoline when PTI is off, and the RPL-3 assert (kernel-6.12.md §5). */
    private static void emitWithPtiBranch(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        a.phase("iret.pti_branch", "IRET path: PTI or not", PhaseKind.ASM, Src.iret(v, null, null),
                c.kpti() ? "X86_FEATURE_PTI is set, so this ALTERNATIVE jumps to the trampoline branch, which copies "
                        + "the frame to the entry stack before switching CR3."
                        : "Without PTI, " + v.label() + " takes the short branch: no trampoline stack and no CR3 "
                        + "switch; IRET pops the frame straight from the task stack.",
                Src.IRET_FRAMES);
        if (c.kpti()) {
            a.jmp(".Lpti_restore_regs_and_return_to_usermode", 5, "ALTERNATIVE: X86_FEATURE_PTI set");
            a.skip((c.stackleak() ? 5 : 0) + 23 + 4);
        } else {
            a.nop(5, "ALTERNATIVE: X86_FEATURE_PTI clear");
            if (c.stackleak()) {
                a.phase("iret.stackleak", "IRET path: STACKLEAK_ERASE", PhaseKind.ASM,
                        Src.iret(v, "STACKLEAK_ERASE", Src.CALLING_H),
                        "Still on the task stack, with every register saved in pt_regs, the kernel simply calls "
                        + "stackleak_erase() to poison the stack this syscall used.",
                        Src.IRET_FRAMES);
                a.callOpaque("stackleak_erase", new Reg[] {Reg.RAX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI,
                    Reg.R8, Reg.R9, Reg.R10, Reg.R11}, null,
                        "stackleak_erase() poisons the used task stack; not simulated instruction by instruction");
            }
            a.phase("iret.pop_regs", "IRET path: POP_REGS", PhaseKind.ASM, Src.iret(v, "POP_REGS", Src.CALLING_H),
                    "Every register, RDI included, comes back from pt_regs.", Src.IRET_FRAMES);
            Macros.popRegs(a, v, true, false);
            a.phase("iret.skip_orig_ax", "IRET path: skip orig_ax", PhaseKind.ASM, Src.iret(v, null, null),
                    "RSP steps over orig_ax and now points at the IRET frame inside pt_regs.", Src.IRET_FRAMES);
            a.addq(8, Reg.RSP, "orig_ax");
        }
        a.label(".Lswapgs_and_iret");
        a.phase("iret.swapgs", "IRET path: swapgs", PhaseKind.ASM, Src.iret(v, null, null),
                "The user GS base goes back into GS.", Src.IRET_FRAMES);
        a.swapgs("back to the user GS base");
        a.phase("iret.clear_cpu_buffers", "IRET path: CLEAR_CPU_BUFFERS", PhaseKind.ASM,
                Src.iret(v, "CLEAR_CPU_BUFFERS", Src.NOSPEC_H),
                c.has(Mitigation.VERW) ? "VERW flushes CPU buffers before returning to user mode."
                : "X86_FEATURE_CLEAR_CPU_BUF is clear: a NOP.", Src.IRET_FRAMES);
        Macros.clearCpuBuffers(a, c, "iret");
        a.phase("iret.check_user_cs", "IRET path: the frame must return to user mode", PhaseKind.ASM,
                Src.iret(v, null, null),
                "From 6.8 the exit asserts, on every return, that the CS in the IRET frame has RPL 3; anything else "
                + "would be a kernel bug and hits ud2 (\"x86/entry: Harden return-to-user\").", Src.IRET_FRAMES);
        a.testb(3, Mem.at(Reg.RSP, 8, "the CS of the IRET frame"), "Assert that the IRET frame indicates user mode");
        a.jccPasses("jnz", f -> !Asm.zf(f), ".Lnative_iret", 6, "",
                new Asm.CheckSpec("iret.check_user_cs", x -> {
                    long cs = x.memory().read64(x.get(Reg.RSP) + 8);
                    return () -> "the frame's CS is 0x" + Long.toHexString(cs) + ", RPL " + (cs & 3);
                }, "ud2: a kernel BUG"));
        a.ud2("BUG", "the IRET frame's CS does not have RPL 3: ud2, a kernel BUG (not simulated further)");
        if (c.kpti()) {
            a.label(".Lpti_restore_regs_and_return_to_usermode");
            emitTrampolinePath(a, c, "iret.pop_regs");
        } else {
            // the PTI branch the CPU jumps over: POP_REGS pop_rdi=0, mov, the TSS.sp0 load, six pushes,
            // STACKLEAK_ERASE_NOCLOBBER, push %rax, SWITCH_TO_USER_CR3, pop %rax, pop %rdi, jmp
            a.skip(22 + 3 + a.percpuLength(9) + 15 + 2 + (c.stackleak() ? Macros.stackleakNoClobberBytes(v) : 0) + 1
                    + Macros.switchToUserCr3BodyBytes(a) + 1 + 1 + 5);
        }
        a.skip(RETURN_TO_KERNEL_BYTES);
    }

    private static void emitNativeIret(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        a.label(".Lnative_iret");
        a.label("native_iret");
        a.phase("iret.espfix_check", "IRET path: is SS from the LDT?", PhaseKind.ASM, Src.iret(v, null, null),
                "CONFIG_X86_ESPFIX64: returning to a 16-bit stack segment from the LDT needs the espfix stack. "
                + "Bit 2 (TI) of the saved SS says LDT; __USER_DS is a GDT selector, so the check falls through.",
                Src.IRET_FRAMES);
        a.testb(4, Mem.at(Reg.RSP, PtRegs.SS - PtRegs.IP, "(SS-RIP)(%rsp)"), "SS in the LDT?");
        a.jcc("jnz", f -> !Asm.zf(f), "native_irq_return_ldt", 2, "espfix64",
                new Asm.CheckSpec("iret.espfix_check", x -> {
                    long ss = x.memory().read64(x.get(Reg.RSP) + PtRegs.SS - PtRegs.IP);
                    return () -> "the frame's SS is 0x" + Long.toHexString(ss) + ((ss & 4) != 0 ? ": TI = 1, the LDT"
                            : ": TI = 0, the GDT");
                }, "the espfix64 return"));
        a.label("native_irq_return_iret");
        a.phase("iret.iretq", "iretq: back to user mode", PhaseKind.HARDWARE, Src.sdm("IRET"),
                "IRETQ pops RIP, CS, RFLAGS, RSP and SS. Unlike SYSRET it takes every value from the frame, RF and TF "
                + "included, and it checks the selectors against their descriptors, so it is safe for whatever "
                + "pt_regs holds. The CPL becomes the RPL of the new CS.",
                Src.IRET_FRAMES);
        a.emit("iretq", 2, "", Hardware::iretq);
        a.phase("iret.espfix", "espfix64 (not simulated)", PhaseKind.ASM, Src.iret(v, null, null),
                "Only a return to a 16-bit LDT stack segment comes here.", Src.IRET_FRAMES);
        a.label("native_irq_return_ldt");
        a.emit("pushq %rdi", 1, "", x -> x.fault(Outcome.Kind.NOT_SIMULATED,
                "the espfix64 return path (SS in the LDT) is not simulated"));
    }
}
