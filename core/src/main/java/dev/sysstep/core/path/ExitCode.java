package dev.sysstep.core.path;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;

/** entry_SYSCALL_64 after {@code call do_syscall_64}: the SYSRET checks and the SYSRET exit. */
final class ExitCode {
    static final String IRET_LABEL = "swapgs_restore_regs_and_return_to_usermode";

    private ExitCode() {
    }

    private static Mem slot(int offset, String field) {
        return Mem.at(Reg.RSP, offset, "pt_regs->" + field);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Called with the builder's pc right after the 5-byte call. */
    static void emit(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        if (v.sysretChecksInC()) {
            a.phase("exit.sysret_allowed", "Did do_syscall_64 allow SYSRET?", PhaseKind.ASM, Src.entry(v, null, null),
                    "On 6.8 and later the SYSRET checks run in C and do_syscall_64 returns their verdict in AL. "
                    + "testb sets ZF when AL is 0 (false), and jz then takes the IRET path. On Xen PV this "
                    + "ALTERNATIVE is an unconditional jump to that path instead.",
                    Src.ENTRY_FRAMES);
            a.testbAl("the bool do_syscall_64 returned");
            a.jcc("jz", Asm::zf, IRET_LABEL, 6, "false: use IRET",
                    new Asm.CheckSpec("exit.sysret_allowed", x -> {
                        long al = x.get(Reg.RAX) & 0xFF;
                        return () -> "AL = " + al;
                    }));
        } else {
            emitAsmChecks(a, c);
        }
        a.label("syscall_return_via_sysret");
        if (v.hasExitMitigations()) {
            a.phase("exit.ibrs_exit", "IBRS_EXIT", PhaseKind.ASM, Src.entry(v, "IBRS_EXIT", Src.CALLING_H),
                    c.has(dev.sysstep.core.kernel.Mitigation.IBRS)
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
        a.push(Mem.at(Reg.RDI, 0x28, "RSP-RDI(%rdi)"), "trampoline: user RSP (copy of pt_regs->sp)", "RSP-RDI(%rdi)");
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
                + (v == KernelVersion.V5_14 ? "" : " (label entry_SYSRETQ_unsafe_stack.)"),
                Src.ENTRY_FRAMES);
        a.label("entry_SYSRETQ_unsafe_stack");
        a.swapgs("back to the user GS base");

        if (v.hasExitMitigations()) {
            a.phase("exit.clear_cpu_buffers", "CLEAR_CPU_BUFFERS", PhaseKind.ASM,
                    Src.entry(v, "CLEAR_CPU_BUFFERS", Src.NOSPEC_H),
                    c.has(dev.sysstep.core.kernel.Mitigation.VERW)
                            ? "X86_FEATURE_CLEAR_CPU_BUF is set (the CPU has MDS, like the observed 6.1 machine): the "
                            + "memory form of VERW, with the microcode update, flushes CPU buffers that could leak "
                            + "kernel data to user space. It only changes ZF."
                            : "X86_FEATURE_CLEAR_CPU_BUF is clear: no VERW on this CPU.",
                    Src.ENTRY_FRAMES);
            Macros.clearCpuBuffers(a, c, "sysret");
        }

        a.phase("exit.sysretq", "sysretq: back to user mode", PhaseKind.HARDWARE, Src.sdm("SYSRET"),
                "RIP = RCX; RFLAGS = (R11 & 0x3C7FD7) | 2, so RF and VM are forced off and bit 1 on; CS = "
                + "STAR[63:48] + 16 | 3 = 0x33, SS = STAR[63:48] + 8 | 3 = 0x2b, CPL = 3. RSP and the other registers "
                + "stay as the kernel left them, and IF comes back from R11: the kernel never ran STI. On Intel a "
                + "non-canonical RCX raises #GP here, in ring 0, before anything changes.",
                Src.ENTRY_FRAMES);
        long sysretAddress = a.pc();
        a.emit("sysretq", 3, "", x -> Hardware.sysretq(x, sysretAddress));
    }

    static String userCr3Explanation(KernelConfig c) {
        KernelVersion v = c.version();
        if (!c.kpti()) {
            return v.userCr3StackSkipsPushWithoutPti()
                    ? "KPTI is off, and 7.0 tests X86_FEATURE_PTI before anything else: a single JMP over the macro."
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

    private static void emitAsmChecks(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        boolean la57 = c.la57();
        int shift = la57 ? Limits.CANONICAL_SHIFT_5LEVEL : Limits.CANONICAL_SHIFT_4LEVEL;
        a.phase("exit.xen_pv", "Not Xen PV: no forced IRET", PhaseKind.ASM, Src.entry(v, null, null),
                "On a Xen PV guest this ALTERNATIVE becomes a JMP to the IRET path, since Xen must return through "
                + "the hypervisor. On bare metal it is a 5-byte NOP, and the SYSRET checks follow.",
                Src.ENTRY_FRAMES);
        a.nop(5, "ALTERNATIVE: X86_FEATURE_XENPV clear");

        a.phase("exit.check.rcx_eq_rip", "SYSRET check 1: pt_regs->cx == pt_regs->ip", PhaseKind.ASM,
                Src.entry(v, null, null),
                "SYSRET takes its RIP from RCX, so the saved cx must equal the saved ip. Both were pushed from the "
                + "same RCX at entry; a tracer, sigreturn or execve can change one without the other, and then only "
                + "IRET restores the right RIP.",
                Src.ENTRY_FRAMES);
        a.load(slot(88, "cx"), Reg.RCX, "RCX(%rsp)");
        a.load(slot(128, "ip"), Reg.R11, "RIP(%rsp)");
        a.cmpq(Reg.RCX, Reg.R11, "SYSRET requires RCX == RIP");
        a.jcc("jne", f -> !Asm.zf(f), IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec("exit.check.rcx_eq_rip", x -> {
                    long rcx = x.get(Reg.RCX);
                    long r11 = x.get(Reg.R11);
                    return () -> hex(rcx) + (rcx == r11 ? " == " : " != ") + hex(r11);
                }));

        a.phase("exit.check.rcx_canonical", "SYSRET check 2: RIP is canonical", PhaseKind.ASM, Src.entry(v, null, null),
                "Shifting RCX left then arithmetically right by " + shift + " copies bit " + (63 - shift)
                + " into the top bits; if that changes the value, the address was not canonical. On Intel, SYSRET "
                + "with a non-canonical RCX faults in ring 0 on the user stack (CVE-2012-0217), so such a return "
                + "must use IRET. " + (la57 ? "With LA57 the ALTERNATIVE picked the 57-bit variant (shift 7)."
                : "64 - (47 + 1) = 16 on 4-level paging."),
                Src.ENTRY_FRAMES);
        a.shlq(shift, Reg.RCX, la57 ? "ALTERNATIVE for X86_FEATURE_LA57: 57-bit addresses" : "64 - (__VIRTUAL_MASK_SHIFT + 1)");
        a.sarq(shift, Reg.RCX, "sign-extend the top implemented bit");
        a.cmpq(Reg.RCX, Reg.R11, "if this changed %rcx, it was not canonical");
        a.jcc("jne", f -> !Asm.zf(f), IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec("exit.check.rcx_canonical", x -> {
                    long rcx = x.get(Reg.RCX);
                    long r11 = x.get(Reg.R11);
                    return () -> "sign-extended " + hex(rcx) + (rcx == r11 ? " == " : " != ") + "ip " + hex(r11);
                }));

        a.phase("exit.check.cs", "SYSRET check 3: pt_regs->cs == __USER_CS", PhaseKind.ASM, Src.entry(v, null, null),
                "SYSRET always loads CS = 0x33. If pt_regs->cs is anything else (a task a tracer switched to 32-bit "
                + "code, for example), only IRET can restore it.",
                Src.ENTRY_FRAMES);
        Mem cs = slot(136, "cs");
        a.cmpq(0x33, "__USER_CS", cs, "CS must match SYSRET");
        a.jcc("jne", f -> !Asm.zf(f), IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec("exit.check.cs", x -> {
                    long saved = loadQuiet(x, cs);
                    return () -> "pt_regs->cs = " + hex(saved);
                }));

        a.phase("exit.check.r11_eq_rflags", "SYSRET check 4: pt_regs->r11 == pt_regs->flags", PhaseKind.ASM,
                Src.entry(v, null, null),
                "SYSRET loads RFLAGS from R11, so the saved r11 must equal the saved flags. After this phase R11 "
                + "holds the value SYSRET will use.",
                Src.ENTRY_FRAMES);
        Mem flags = slot(144, "flags");
        a.load(slot(48, "r11"), Reg.R11, "R11(%rsp)");
        a.cmpq(Reg.R11, flags, "R11 == RFLAGS");
        a.jcc("jne", f -> !Asm.zf(f), IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec("exit.check.r11_eq_rflags", x -> {
                    long r11 = x.get(Reg.R11);
                    long fl = loadQuiet(x, flags);
                    return () -> "r11 " + hex(r11) + (r11 == fl ? " == " : " != ") + "flags " + hex(fl);
                }));

        a.phase("exit.check.rf_tf", "SYSRET check 5: neither RF nor TF", PhaseKind.ASM, Src.entry(v, null, null),
                "SYSRET cannot restore RF, and returning with TF set would trap right after SYSRET, which could loop "
                + "forever on a single-stepped syscall. Either flag means IRET.",
                Src.ENTRY_FRAMES);
        a.testq(RFlags.RF | RFlags.TF, "(X86_EFLAGS_RF|X86_EFLAGS_TF)", Reg.R11, "RF or TF set?");
        a.jcc("jnz", f -> !Asm.zf(f), IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec("exit.check.rf_tf", x -> {
                    long bits = x.get(Reg.R11) & (RFlags.RF | RFlags.TF);
                    return () -> "flags & (RF|TF) = " + hex(bits);
                }));

        a.phase("exit.check.ss", "SYSRET check 6: pt_regs->ss == __USER_DS", PhaseKind.ASM, Src.entry(v, null, null),
                "SYSRET loads SS = 0x2b, so a different saved ss needs IRET. Nothing is checked for RSP: the exit path "
                + "loads it itself.",
                Src.ENTRY_FRAMES);
        Mem ss = slot(160, "ss");
        a.cmpq(0x2b, "__USER_DS", ss, "SS must match SYSRET");
        a.jcc("jne", f -> !Asm.zf(f), IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec("exit.check.ss", x -> {
                    long saved = loadQuiet(x, ss);
                    return () -> "pt_regs->ss = " + hex(saved);
                }));
    }

    /** Reads a pt_regs slot for a check's description (the instruction itself already read it). */
    private static long loadQuiet(Exec x, Mem m) {
        return x.memory().read64(m.address(x));
    }
}
