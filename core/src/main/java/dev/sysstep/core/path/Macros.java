package dev.sysstep.core.path;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Mitigation;

/**
 * The calling.h and nospec-branch.h macros the entry and exit paths share, expanded for one profile
 * the way the kernel's ALTERNATIVE patching leaves them at boot (reference §1.2, §1.4).
 */
public final class Macros {
    /** PTI_USER_PCID_MASK | PTI_USER_PGTABLE_MASK. */
    public static final long PTI_USER_PCID_MASK = 1L << 11;
    public static final long PTI_USER_PGTABLE_MASK = 1L << 12;
    public static final long PCID_ASID_MASK = 0x7FF;
    /**
     * Bytes of the PCID part of SWITCH_TO_USER_CR3 that `jmp .Lwrcr3` skips (movq … orq $0x800): the bt
     * and btr on the per-CPU flush mask are 10 bytes each, 9 with a %rip-relative operand.
     */
    private static int pcidBlockBytes(Asm a) {
        return 3 + 7 + a.percpuLength(10) + 2 + a.percpuLength(10) + 3 + 2 + 3 + 5 + 7;
    }

    private Macros() {
    }

    /** IBRS_EXIT: clears SPEC_CTRL.IBRS again when the kernel set it on entry. */
    public static void ibrsExit(Asm a, KernelConfig c, String tag) {
        if (c.has(Mitigation.IBRS)) {
            a.nop(2, "ALTERNATIVE: X86_FEATURE_KERNEL_IBRS set, the jmp over the MSR write is patched out");
            a.movl(Reg.SPEC_CTRL.msrNumber(), Reg.RCX, "MSR_IA32_SPEC_CTRL");
            a.loadPercpuValue("x86_spec_ctrl_current", Reg.RDX, Layout.SPEC_CTRL_IBRS,
                    "the kernel's SPEC_CTRL value (per-CPU offset not observed)");
            a.andl(~1L, Reg.RDX, "clear SPEC_CTRL_IBRS");
            a.movl(Reg.RDX, Reg.RAX, "low half for wrmsr");
            a.shrq(32, Reg.RDX, "high half for wrmsr");
            a.wrmsr("IA32_SPEC_CTRL = EDX:EAX");
        } else {
            a.jmp(".Lend_ibrs_exit#" + tag, 2, "ALTERNATIVE: X86_FEATURE_KERNEL_IBRS clear, jump over the MSR write");
            a.skip(ibrsExitBytes(a));
            a.label(".Lend_ibrs_exit#" + tag);
        }
    }

    /** Bytes IBRS_EXIT's JMP skips: movl, the per-CPU load, andl, movl, shr, wrmsr (kernel-6.12.md §2.1: 24 on 6.12). */
    public static int ibrsExitBytes(Asm a) {
        return 5 + a.percpuLength(9) + 3 + 2 + 4 + 2;
    }

    /** Bytes IBRS_ENTER's JMP skips: movl, the per-CPU load, movl, shr, wrmsr (21 on 6.12). */
    public static int ibrsEnterBytes(Asm a) {
        return 5 + a.percpuLength(9) + 2 + 4 + 2;
    }

    /**
     * POP_REGS: the reverse of PUSH_REGS; {@code popRdi} false leaves pt_regs->di on the stack. The
     * first pop ends pt_regs as the kernel's record of the user registers.
     */
    public static void popRegs(Asm a, KernelVersion v, boolean popRdi, boolean skipR11Rcx) {
        popRegsBody(a, popRdi, skipR11Rcx);
    }

    private static void popRegsBody(Asm a, boolean popRdi, boolean skipR11Rcx) {
        a.pop(Reg.R15, "pt_regs->r15");
        a.alsoDo(x -> x.setLocal(Local.PT_REGS_LIVE, false));
        a.pop(Reg.R14, "pt_regs->r14");
        a.pop(Reg.R13, "pt_regs->r13");
        a.pop(Reg.R12, "pt_regs->r12");
        a.pop(Reg.RBP, "pt_regs->bp");
        a.pop(Reg.RBX, "pt_regs->bx");
        if (skipR11Rcx) {
            a.pop(Reg.RSI, "skip_r11rcx: pt_regs->r11 into RSI as a throwaway (R11 is already right)");
        } else {
            a.pop(Reg.R11, "pt_regs->r11");
        }
        a.pop(Reg.R10, "pt_regs->r10");
        a.pop(Reg.R9, "pt_regs->r9");
        a.pop(Reg.R8, "pt_regs->r8");
        a.pop(Reg.RAX, "pt_regs->ax: the return value");
        if (skipR11Rcx) {
            a.pop(Reg.RSI, "skip_r11rcx: pt_regs->cx into RSI as a throwaway (RCX is already right)");
        } else {
            a.pop(Reg.RCX, "pt_regs->cx");
        }
        a.pop(Reg.RDX, "pt_regs->dx");
        a.pop(Reg.RSI, "pt_regs->si");
        if (popRdi) {
            a.pop(Reg.RDI, "pt_regs->di");
        }
    }

    /** PUSH_REGS onto the current stack, as STACKLEAK_ERASE_NOCLOBBER uses it (no -ENOSYS). */
    static void pushAllRegs(Asm a, String owner) {
        Reg[] order = {Reg.RDI, Reg.RSI, Reg.RDX, Reg.RCX, Reg.RAX, Reg.R8, Reg.R9, Reg.R10, Reg.R11,
            Reg.RBX, Reg.RBP, Reg.R12, Reg.R13, Reg.R14, Reg.R15};
        for (Reg r : order) {
            a.push(r, owner + ": saved " + r.label(), null);
        }
    }

    /**
     * PUSH_AND_CLEAR_REGS rax=$-ENOSYS on a 32-bit entry: di, si, dx, cx (or, with {@code cxFrom} RBP,
     * the second argument the vDSO moved there), -ENOSYS, r8-r11, bx, bp, r12-r15, then CLEAR_REGS.
     * Before 5.19 the compat entries pushed zeros for r8-r15 and cleared them pair by pair (§3.7).
     */
    public static void pushAndClearRegsCompat(Asm a, KernelVersion v, Reg cxFrom) {
        a.push(Reg.RDI, "pt_regs->di", "pt_regs->di = arg5 (edi)");
        a.push(Reg.RSI, "pt_regs->si", "pt_regs->si = arg4 (esi)");
        a.push(Reg.RDX, "pt_regs->dx", "pt_regs->dx = arg3 (edx)");
        a.push(cxFrom, "pt_regs->cx", cxFrom == Reg.RCX ? "pt_regs->cx = arg2 (ecx)" : "pt_regs->cx = arg2, from ebp");
        if (!v.compatEntriesSaveR8ToR15()) {
            a.pushImm(-dev.sysstep.core.kernel.Errno.ENOSYS, "-ENOSYS", "pt_regs->ax", "pt_regs->ax");
            Reg[] zeros = {Reg.R8, Reg.R9, Reg.R10, Reg.R11};
            for (Reg r : zeros) {
                a.pushImm(0, "0", "pt_regs->" + r.label(), "pt_regs->" + r.label() + " = 0");
                a.xorl(r, "nospec " + r.label());
            }
            a.push(Reg.RBX, "pt_regs->bx", "pt_regs->bx = arg1 (ebx)");
            a.xorl(Reg.RBX, "nospec rbx");
            a.push(Reg.RBP, "pt_regs->bp", "pt_regs->bp (will be overwritten)");
            a.xorl(Reg.RBP, "nospec rbp");
            for (Reg r : new Reg[] {Reg.R12, Reg.R13, Reg.R14, Reg.R15}) {
                a.pushImm(0, "0", "pt_regs->" + r.label(), "pt_regs->" + r.label() + " = 0");
                a.xorl(r, "nospec " + r.label());
            }
            a.alsoDo(x -> x.setLocal(Local.PT_REGS_LIVE, true));
            return;
        }
        a.pushImm(-dev.sysstep.core.kernel.Errno.ENOSYS, "-ENOSYS", "pt_regs->ax", "pt_regs->ax = -ENOSYS");
        for (Reg r : new Reg[] {Reg.R8, Reg.R9, Reg.R10, Reg.R11}) {
            a.push(r, "pt_regs->" + r.label(), "pt_regs->" + r.label());
        }
        a.push(Reg.RBX, "pt_regs->bx", "pt_regs->bx = arg1 (ebx)");
        a.push(Reg.RBP, "pt_regs->bp", "pt_regs->bp");
        for (Reg r : new Reg[] {Reg.R12, Reg.R13, Reg.R14, Reg.R15}) {
            a.push(r, "pt_regs->" + r.label(), "pt_regs->" + r.label());
        }
        a.alsoDo(x -> x.setLocal(Local.PT_REGS_LIVE, true));
        clearRegs(a, v);
    }

    /**
     * SWITCH_TO_USER_CR3_NOSTACK with two scratch registers (sysret32 uses R8 and R9): a JMP over it
     * without PTI, else the CR3 write (kernel-other-entries.md §3.6 Y7).
     */
    public static void switchToUserCr3NoStack(Asm a, KernelConfig c, String tag, Reg scratch, Reg scratch2) {
        if (!c.kpti()) {
            String end = ".Lend_ucr3#" + tag;
            a.jmp(end, 2, "ALTERNATIVE: X86_FEATURE_PTI clear, jump over the CR3 switch");
            a.skip(switchToUserCr3BodyBytes(a));
            a.label(end);
            return;
        }
        a.nop(2, "ALTERNATIVE: X86_FEATURE_PTI set, the jmp is patched out");
        switchToUserCr3Body(a, c, tag, scratch, scratch2);
    }

    /** CLEAR_REGS: 32-bit XORs zero the full registers. */
    public static void clearRegs(Asm a, KernelVersion v) {
        if (v.clearRegsClearsRsi()) {
            a.xorl(Reg.RSI, "nospec si");
        }
        Reg[] rest = {Reg.RDX, Reg.RCX, Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.RBX, Reg.RBP,
            Reg.R12, Reg.R13, Reg.R14, Reg.R15};
        for (Reg r : rest) {
            a.xorl(r, "nospec " + r.label());
        }
    }

    /** STACKLEAK_ERASE_NOCLOBBER: save everything, erase the used task stack, restore everything. */
    public static void stackleakNoClobber(Asm a, KernelVersion v, String owner) {
        pushAllRegs(a, owner);
        clearRegs(a, v);
        a.callOpaque("stackleak_erase", new Reg[] {Reg.RAX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI,
            Reg.R8, Reg.R9, Reg.R10, Reg.R11}, null,
                "stackleak_erase() overwrites the task stack below its lowest used point with STACKLEAK_POISON; "
                + "the erase itself and the C registers it uses are not simulated");
        popRegsBody(a, true, false);
    }

    /** Bytes of STACKLEAK_ERASE_NOCLOBBER: 15 pushes, CLEAR_REGS, the call, 15 pops. */
    public static int stackleakNoClobberBytes(KernelVersion v) {
        return 23 + (v.clearRegsClearsRsi() ? 34 : 32) + 5 + 23;
    }

    /**
     * SWITCH_TO_USER_CR3 with scratch registers RDI and RAX. The caller handles the
     * RAX push/pop and the X86_FEATURE_PTI skip where the version puts them.
     */
    public static void switchToUserCr3Body(Asm a, KernelConfig c, String tag) {
        switchToUserCr3Body(a, c, tag, Reg.RDI, Reg.RAX);
    }

    /** SWITCH_TO_USER_CR3 with the scratch registers the caller names (sysret32 uses R8 and R9). */
    public static void switchToUserCr3Body(Asm a, KernelConfig c, String tag, Reg scratch, Reg scratch2) {
        String wrcr3 = ".Lwrcr3#" + tag;
        a.movFromCr3(scratch, "the current (kernel) CR3");
        if (!c.pcid()) {
            a.jmp(wrcr3, 2, "ALTERNATIVE: X86_FEATURE_PCID clear, jump over the PCID handling");
            a.skip(pcidBlockBytes(a));
        } else {
            Mem flushMask = Mem.percpu(c.version().layout().userPcidFlushMask(), "cpu_tlbstate.user_pcid_flush_mask");
            a.nop(2, "ALTERNATIVE: X86_FEATURE_PCID set, the jmp over the PCID handling is patched out");
            a.mov(scratch, scratch2, "keep a copy of CR3");
            a.andq(PCID_ASID_MASK, scratch, "mask ASID: the PCID of this mm");
            a.bt(scratch, flushMask, "does this user PCID need a TLB flush?");
            a.jcc("jnc", f -> !Asm.cf(f), ".Lnoflush#" + tag, 2, "no pending flush", null);
            a.btr(scratch, flushMask, "cpu_tlbstate.user_pcid_flush_mask", "flush needed: clear the bit");
            a.mov(scratch2, scratch, "restore the CR3 copy");
            a.jmp(".Lwrcr3_pcid#" + tag, 2, "write without NOFLUSH: the CPU flushes this PCID");
            a.label(".Lnoflush#" + tag);
            a.mov(scratch2, scratch, "restore the CR3 copy");
            a.bts(63, scratch, "SET_NOFLUSH_BIT: keep the user PCID's TLB entries");
            a.label(".Lwrcr3_pcid#" + tag);
            a.orq(PTI_USER_PCID_MASK, scratch, "flip the ASID to the user version (bit 11)");
        }
        a.label(wrcr3);
        a.orq(PTI_USER_PGTABLE_MASK, scratch, "flip the PGD to the user half (bit 12)");
        a.movToCr3(scratch, "load the user page tables");
    }

    /** Bytes of {@link #switchToUserCr3Body}: mov from CR3, PCID alternative, PCID block, orq, mov to CR3. */
    public static int switchToUserCr3BodyBytes(Asm a) {
        return 3 + 2 + pcidBlockBytes(a) + 7 + 3;
    }

    /**
     * SWITCH_TO_USER_CR3_STACK scratch_reg=%rdi. 5.14 and 6.1 keep the PTI test inside the
     * _NOSTACK part, so the RAX push and pop run even without PTI; from 6.8 PTI is tested first.
     */
    public static void switchToUserCr3Stack(Asm a, KernelConfig c, String tag) {
        String end = ".Lend_ucr3#" + tag;
        KernelVersion v = c.version();
        if (v.exitTestsPtiFirst()) {
            if (!c.kpti()) {
                a.jmp(end, 2, "ALTERNATIVE: X86_FEATURE_PTI clear, jump over the CR3 switch");
                a.skip(1 + switchToUserCr3BodyBytes(a) + 1);
                a.label(end);
                return;
            }
            a.nop(2, "ALTERNATIVE: X86_FEATURE_PTI set, the jmp is patched out");
            a.push(Reg.RAX, "SWITCH_TO_USER_CR3_STACK: saved RAX", "RAX is the second scratch register");
            switchToUserCr3Body(a, c, tag);
            a.pop(Reg.RAX, "restore RAX");
            return;
        }
        a.push(Reg.RAX, "SWITCH_TO_USER_CR3_STACK: saved RAX", "RAX is the second scratch register");
        if (!c.kpti()) {
            a.jmp(end, 2, "ALTERNATIVE: X86_FEATURE_PTI clear, jump over the CR3 switch");
            a.skip(switchToUserCr3BodyBytes(a));
        } else {
            a.nop(2, "ALTERNATIVE: X86_FEATURE_PTI set, the jmp is patched out");
            switchToUserCr3Body(a, c, tag);
        }
        a.label(end);
        a.pop(Reg.RAX, "restore RAX");
    }

    /**
     * SWITCH_TO_KERNEL_CR3 with a scratch register: RSP at the SYSCALL entry (free once the user RSP is
     * saved), RAX in error_entry and the SYSENTER entry (saved around it).
     */
    public static void switchToKernelCr3(Asm a, KernelConfig c, Reg scratch, String tag) {
        if (!c.kpti()) {
            a.jmp(".Lend_kernel_cr3#" + tag, 2, "ALTERNATIVE: X86_FEATURE_PTI clear, jump over the CR3 switch");
            a.skip(3 + 5 + 7 + 3);
            a.label(".Lend_kernel_cr3#" + tag);
            return;
        }
        a.nop(2, "ALTERNATIVE: X86_FEATURE_PTI set, the jmp over the CR3 switch is patched out");
        a.movFromCr3(scratch, "scratch_reg=" + "%" + scratch.label());
        if (c.pcid()) {
            a.bts(63, scratch, "ADJUST_KERNEL_CR3: SET_NOFLUSH_BIT (X86_FEATURE_PCID)");
        } else {
            a.nop(5, "ADJUST_KERNEL_CR3: ALTERNATIVE for X86_FEATURE_PCID clear, no NOFLUSH");
        }
        a.andq(~(PTI_USER_PCID_MASK | PTI_USER_PGTABLE_MASK), scratch,
                "clear PCID bit 11 and PTI bit 12: the kernel page tables");
        a.movToCr3(scratch, "load the kernel page tables");
    }

    /** What SWITCH_TO_KERNEL_CR3 does on this profile, for the phase that runs it. */
    public static String switchToKernelCr3Explanation(KernelConfig c, String scratch) {
        return c.kpti()
                ? "With page-table isolation the user runs on page tables that map almost none of the kernel. The "
                + "macro reads CR3 into " + scratch + ", "
                + (c.pcid() ? "sets NOFLUSH (bit 63) so the kernel PCID's TLB entries survive, " : "")
                + "clears bit 12 (user half of the 8 KiB PGD) and bit 11 (user PCID), and writes CR3 back."
                : "X86_FEATURE_PTI is clear on this profile (KPTI off), so the ALTERNATIVE is a JMP over the CR3 "
                + "switch: user and kernel share one set of page tables.";
    }

    /** CLEAR_CPU_BUFFERS: the 6.1.y backport keeps the jmp form, 6.8 and later patch the VERW in (reference R18). */
    public static void clearCpuBuffers(Asm a, KernelConfig c, String tag) {
        boolean on = c.has(Mitigation.VERW);
        if (c.version().verwIsOneAlternative()) {
            if (on) {
                a.verw("X86_FEATURE_CLEAR_CPU_BUF set: VERW patched in");
            } else {
                a.nop(7, "ALTERNATIVE: X86_FEATURE_CLEAR_CPU_BUF clear, no VERW");
            }
            return;
        }
        if (on) {
            a.nop(2, "ALTERNATIVE: X86_FEATURE_CLEAR_CPU_BUF set, the jmp over VERW is patched out");
            a.verw("flush CPU buffers (MDS)");
        } else {
            a.jmp(".Lskip_verw#" + tag, 2, "ALTERNATIVE: X86_FEATURE_CLEAR_CPU_BUF clear, jump over VERW");
            a.skip(7);
            a.label(".Lskip_verw#" + tag);
        }
    }
}
