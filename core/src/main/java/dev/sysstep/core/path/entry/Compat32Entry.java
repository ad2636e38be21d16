package dev.sysstep.core.path.entry;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.KernelInsns;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.MachineLayout;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.path.Macros;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.exit.Sysret32Exit;
import dev.sysstep.core.path.exit.SysretExit;
import java.util.List;

/**
 * The two fast 32-bit entries (kernel-other-entries.md §3.4, §4): entry_SYSENTER_compat, where
 * SYSENTER lands on Intel, and entry_SYSCALL_compat, where a compat-mode SYSCALL lands on AMD. Both
 * build pt_regs the way an int $0x80 frame would look and call do_fast_syscall_32 (the SYSENTER one
 * through do_SYSENTER_32); its answer picks SYSRETL or IRET.
 */
public final class Compat32Entry {
    /** Where do_fast_syscall_32's RET comes back to, in either entry. */
    public static final String AFTER_C = ".Lfast32_after_call";
    public static final String DO_SYSENTER_32 = "c.do_SYSENTER_32";
    public static final String DO_FAST_SYSCALL_32 = "c.do_fast_syscall_32";

    private Compat32Entry() {
    }

    /** The C frames under the dispatch, innermost first. */
    public static List<String> cFrames(boolean sysenter) {
        return sysenter ? List.of("__do_fast_syscall_32 [inlined]", "do_fast_syscall_32", "do_SYSENTER_32",
                "entry_SYSENTER_compat")
                : List.of("__do_fast_syscall_32 [inlined]", "do_fast_syscall_32", "entry_SYSCALL_compat");
    }

    /**
     * entry_SYSENTER_compat at IA32_SYSENTER_EIP (observed on 6.1: the addresses after its first
     * instruction are derived from the instruction lengths); without an observed address, unplaced.
     */
    public static void emitSysenter(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        long eip = v.layout().entrySysenterCompat();
        if (eip == MachineLayout.NOT_OBSERVED) {
            a.unplaced();
        } else {
            a.org(eip);
        }
        SourceRef src = Src.compat(v, "entry_SYSENTER_compat", v.otherEntries().compatLines().sysenter());
        List<String> frames = List.of("entry_SYSENTER_compat");
        a.label(Hardware.ENTRY_SYSENTER_COMPAT);
        if (c.ibt()) {
            a.phase("sysenter.endbr64", "endbr64", PhaseKind.ASM, src, "ENDBR: a valid IBT target.", frames);
            a.endbr64("ENDBR");
        }
        a.phase("sysenter.swapgs", "swapgs: the per-CPU area", PhaseKind.ASM, src,
                "Interrupts are off: SYSENTER cleared IF. SYSENTER saved nothing, so RSP is already the entry stack "
                + "(IA32_SYSENTER_ESP = TSS.sp0), and RIP, RSP and RFLAGS of the user are lost: the vDSO kept the "
                + "stack pointer in EBP. First SWAPGS, as on every entry from user mode"
                + (v.paravirtSwapgsMacros() ? " (the paravirt macro SWAPGS in " + v.label() + ")." : "."),
                frames);
        a.swapgs(v.paravirtSwapgsMacros() ? "SWAPGS" : "");

        a.phase("sysenter.switch_to_kernel_cr3", "SWITCH_TO_KERNEL_CR3 around a saved RAX", PhaseKind.ASM, src,
                "RAX is needed as the scratch register, so it is pushed on the entry stack first: that stack is mapped "
                + "in the user page tables. " + Macros.switchToKernelCr3Explanation(c, "RAX"), frames);
        a.push(Reg.RAX, "saved RAX (entry stack)", "the scratch register, on the entry stack");
        Macros.switchToKernelCr3(a, c, Reg.RAX, "sysenter");
        a.pop(Reg.RAX, "");

        a.phase("sysenter.load_kernel_stack", "Load the top of the task's kernel stack", PhaseKind.ASM, src,
                "RSP becomes cpu_current_top_of_stack, as in entry_SYSCALL_64.", frames);
        a.load(Mem.percpu(v.layout().topOfStackOffset(), v.layout().topOfStackSymbol()), Reg.RSP,
                "PER_CPU_VAR(" + v.layout().topOfStackSymbol() + ")");

        a.phase("sysenter.push_frame", "Push a frame of constants: ss, sp 0, flags, cs, ip 0", PhaseKind.ASM, src,
                "SYSENTER gives the kernel nothing to build the frame from, so ss and cs are the constants of a 32-bit "
                + "process (" + (v.sysenterPushesUserDs() ? "$__USER_DS, the same 0x2b as __USER32_DS" : "__USER32_DS 0x2b")
                + " and __USER32_CS 0x23), sp and ip are 0 for C to fill in, and flags is the live RFLAGS: the user's TF, "
                + "DF, AC, NT and IOPL with IF clear (C sets it in pt_regs); the arithmetic flags are the user's only "
                + "without PTI, since the AND of SWITCH_TO_KERNEL_CR3 changed them. If the user had TF set, the CPU is single-stepping through "
                + "this code: exc_debug ignores #DB inside entry_SYSENTER_compat.", frames);
        a.pushImm(Selectors.USER_DS, v.sysenterPushesUserDs() ? "__USER_DS" : "__USER32_DS", "pt_regs->ss", "pt_regs->ss");
        a.pushImm(0, "0", "pt_regs->sp", "pt_regs->sp = 0 (placeholder)");
        KernelInsns.pushfq(a, "pt_regs->flags", "pt_regs->flags (except IF = 0)");
        a.pushImm(Selectors.USER32_CS, "__USER32_CS", "pt_regs->cs", "pt_regs->cs");
        a.pushImm(0, "0", "pt_regs->ip", "pt_regs->ip = 0 (placeholder)");

        a.label("entry_SYSENTER_compat_after_hwframe");
        a.phase("sysenter.push_orig_ax", "orig_ax: the zero-extended number", PhaseKind.ASM, src,
                "movl %eax,%eax zeroes the upper half in case it is not zero, and the number is saved as orig_ax.", frames);
        a.movl(Reg.RAX, Reg.RAX, "zero-extend the syscall number");
        a.push(Reg.RAX, "pt_regs->orig_ax", "pt_regs->orig_ax");

        a.phase("sysenter.push_regs", "PUSH_AND_CLEAR_REGS rax=$-ENOSYS", PhaseKind.ASM, src,
                v.compatEntriesSaveR8ToR15()
                        ? "The rest of pt_regs, as in entry_SYSCALL_64: the real r8-r15 are saved, ax starts as -ENOSYS, "
                        + "and the registers user space controlled are zeroed."
                        : v.label() + " pushes zeros for r8-r11 and r12-r15 instead of their values, clearing each register "
                        + "as it goes: a 32-bit process cannot see them anyway. bx and bp are saved; bp will be replaced.",
                frames);
        Macros.pushAndClearRegsCompat(a, v, Reg.RCX);

        a.phase("sysenter.cld", "cld", PhaseKind.ASM, src, "The C code expects DF = 0.", frames);
        KernelInsns.cld(a, "");

        a.phase("sysenter.check_flags", "NT, AC or TF in the user's flags?", PhaseKind.ASM, src,
                "SYSENTER does not filter RFLAGS the way SYSCALL's FMASK does, so NT, AC and TF arrive as the user left "
                + "them. If any is set, the out-of-line fix-up loads RFLAGS = 0x2 (pt_regs keeps the user's bits). "
                + "This happens before the mitigations, which must not run single-stepped.", frames);
        KernelInsns.testl(a, RFlags.NT | RFlags.AC | RFlags.TF, "0x44100", Mem.at(Reg.RSP, PtRegs.FLAGS, "EFLAGS(%rsp)"),
                "X86_EFLAGS_NT|X86_EFLAGS_AC|X86_EFLAGS_TF");
        a.jcc("jnz", f -> !Asm.zf(f), ".Lsysenter_fix_flags", 2, "", new Asm.CheckSpec("sysenter.flags_clean", x -> {
            long flags = x.memory().read64(x.get(Reg.RSP) + PtRegs.FLAGS);
            return () -> String.format("saved flags 0x%x: NT|AC|TF = 0x%x", flags, flags & 0x44100);
        }, ".Lsysenter_fix_flags"));
        a.label(".Lsysenter_flags_fixed");
        mitigations(a, c, "sysenter", src, frames);

        a.phase("sysenter.call", "call do_SYSENTER_32", PhaseKind.ASM, src,
                "RDI = &pt_regs; do_SYSENTER_32 fills in sp and IF, then calls do_fast_syscall_32, which returns 1 when "
                + "SYSRETL may be used and 0 for IRET.", frames);
        a.mov(Reg.RSP, Reg.RDI, "");
        KernelInsns.callUnobserved(a, DO_SYSENTER_32, "do_SYSENTER_32", "");
        a.label(AFTER_C);
        returnTest(a, c, src, frames, true);

        a.phase("sysenter.fix_flags", ".Lsysenter_fix_flags: RFLAGS = 0x2", PhaseKind.ASM, src,
                "pushq $X86_EFLAGS_FIXED; popfq clears TF, NT, AC and everything else in the live RFLAGS; pt_regs->flags "
                + "keeps what the user had, so IRET or SYSRETL restores it.", frames);
        a.label(".Lsysenter_fix_flags");
        a.pushImm(RFlags.FIXED, "X86_EFLAGS_FIXED", "X86_EFLAGS_FIXED", "");
        KernelInsns.popfq(a, "");
        a.jmp(".Lsysenter_flags_fixed", 2, "");
        a.unplaced();
    }

    /** entry_SYSCALL_compat, where CSTAR points on AMD (§4); its address was not observed. */
    public static void emitSyscall(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        a.unplaced();
        SourceRef src = Src.compat(v, "entry_SYSCALL_compat", v.otherEntries().compatLines().syscall());
        List<String> frames = List.of("entry_SYSCALL_compat");
        a.label(Hardware.ENTRY_SYSCALL_COMPAT);
        a.phase("syscall32.swapgs", "swapgs; keep the user ESP in R8", PhaseKind.ASM, src,
                "SYSCALL from compatibility mode (AMD) left the return EIP in RCX and EFLAGS in R11, as in 64-bit mode; "
                + "RSP is still the user's. After SWAPGS the user ESP goes to R8D, since RSP is the scratch register of "
                + "the CR3 switch.", frames);
        if (c.ibt()) {
            a.endbr64("ENDBR");
        }
        a.swapgs("");
        a.movl(Reg.RSP, Reg.R8, "the user ESP");
        a.phase("syscall32.switch_to_kernel_cr3", "SWITCH_TO_KERNEL_CR3 scratch_reg=%rsp", PhaseKind.ASM, src,
                Macros.switchToKernelCr3Explanation(c, "RSP"), frames);
        Macros.switchToKernelCr3(a, c, Reg.RSP, "syscall32");
        a.phase("syscall32.load_kernel_stack", "Load the top of the task's kernel stack", PhaseKind.ASM, src,
                "RSP becomes cpu_current_top_of_stack.", frames);
        a.load(Mem.percpu(v.layout().topOfStackOffset(), v.layout().topOfStackSymbol()), Reg.RSP,
                "PER_CPU_VAR(" + v.layout().topOfStackSymbol() + ")");
        a.phase("syscall32.push_frame", "Push the frame: ss, sp, flags, cs, ip", PhaseKind.ASM, src,
                "As entry_SYSCALL_64 does, from what SYSCALL left: sp from R8, flags from R11, ip from RCX, and the "
                + "32-bit selectors 0x2b and 0x23.", frames);
        a.pushImm(Selectors.USER_DS, "__USER_DS", "pt_regs->ss", "pt_regs->ss");
        a.push(Reg.R8, "pt_regs->sp", "pt_regs->sp");
        a.push(Reg.R11, "pt_regs->flags", "pt_regs->flags");
        a.pushImm(Selectors.USER32_CS, "__USER32_CS", "pt_regs->cs", "pt_regs->cs");
        a.push(Reg.RCX, "pt_regs->ip", "pt_regs->ip");
        a.label("entry_SYSCALL_compat_after_hwframe");
        a.phase("syscall32.push_orig_ax", "orig_ax: the zero-extended number", PhaseKind.ASM, src, "", frames);
        a.movl(Reg.RAX, Reg.RAX, "zero-extend the syscall number");
        a.push(Reg.RAX, "pt_regs->orig_ax", "pt_regs->orig_ax");
        a.phase("syscall32.push_regs", "PUSH_AND_CLEAR_REGS rcx=%rbp rax=$-ENOSYS", PhaseKind.ASM, src,
                "The cx slot gets the second argument from EBP, where the vDSO moved it: SYSCALL overwrote ECX.", frames);
        Macros.pushAndClearRegsCompat(a, v, Reg.RBP);
        mitigations(a, c, "syscall32", src, frames);
        a.phase("syscall32.call", "call do_fast_syscall_32", PhaseKind.ASM, src,
                "RDI = &pt_regs. do_fast_syscall_32 returns 1 when SYSRETL may be used, 0 for IRET.", frames);
        a.mov(Reg.RSP, Reg.RDI, "");
        KernelInsns.callUnobserved(a, DO_FAST_SYSCALL_32, "do_fast_syscall_32", "");
        a.label(AFTER_C);
        returnTest(a, c, src, frames, false);
    }

    private static void mitigations(Asm a, KernelConfig c, String prefix, SourceRef src, List<String> frames) {
        KernelVersion v = c.version();
        Mitigations.Site site = new Mitigations.Site(prefix, m -> Src.compat(v, src.symbol() + ": " + m + " ("
                + Src.macroFile(m) + ")", src.lines()), frames);
        if (v.hasRetbleedMitigations()) {
            Mitigations.ibrsEnter(a, c, site, "");
            Mitigations.untrainRet(a, c, site);
        }
        if (v.hasClearBranchHistory()) {
            Mitigations.clearBranchHistory(a, c, site);
        }
    }

    /**
     * testl %eax,%eax; jz to the IRET exit, unless the release tests AL at sysret32_from_system_call
     * instead; then to sysret32_from_system_call, with a JMP ({@code jump}, SYSENTER) or by falling into
     * it (entry_SYSCALL_compat, which it ends).
     */
    private static void returnTest(Asm a, KernelConfig c, SourceRef src, List<String> frames, boolean jump) {
        if (c.version().fastSyscall32ReturnsBool()) {
            if (jump) {
                a.phase("fast32.to_sysret32", "jmp sysret32_from_system_call", PhaseKind.ASM, src,
                        c.version().label() + " tests do_fast_syscall_32's bool at sysret32_from_system_call.", frames);
                a.jmp(Sysret32Exit.LABEL, 5, "");
            }
            return;
        }
        a.phase("fast32.return_test", "SYSRETL or IRET?", PhaseKind.ASM, src,
                "do_fast_syscall_32 returned 1 (SYSRETL is safe) or 0 (IRET). On Xen PV this ALTERNATIVE is an "
                + "unconditional jump to the IRET exit.", frames);
        KernelInsns.testlSelf(a, Reg.RAX, "do_fast_syscall_32's answer");
        a.jcc("jz", Asm::zf, SysretExit.IRET_LABEL, 6, "0: use IRET", new Asm.CheckSpec("do_fast_syscall_32.sysretl",
                x -> {
                    long eax = x.get(Reg.RAX) & 0xFFFF_FFFFL;
                    return () -> "do_fast_syscall_32 returned " + eax;
                }, "the IRET exit"));
        if (jump) {
            a.jmp(Sysret32Exit.LABEL, 5, "");
        }
    }

    /** The address of TSS.sp0's entry stack SYSENTER loads into RSP. */
    static long entryStack() {
        return Layout.ENTRY_STACK_TOP;
    }
}
