package dev.sysstep.core.path.entry;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.KernelInsns;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Macros;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.exit.SysretExit;
import java.util.List;

/**
 * The assembly int $0x80 lands on (kernel-other-entries.md §2.3, §2.9): on 6.1.158 and 7.0 the
 * IDTENTRY stub asm_int80_emulation with error_entry and int80_emulation; on 5.14 the older
 * entry_INT80_compat, which builds pt_regs itself. None of their addresses were observed.
 */
public final class Int80Entry {
    /** Where the IDT gate of vector 0x80 points. */
    public static final String GATE_TARGET = "int80.gate_target";
    /** Where the C code jumps back to after do_int80_emulation (or do_int80_syscall_32) returns. */
    public static final String AFTER_C = ".Lint80_after_c";
    /** The C entry point: do_int80_emulation, or do_int80_syscall_32 on 5.14. */
    public static final String C_ENTRY = "c.int80";

    private Int80Entry() {
    }

    /** The frames of the C code under the dispatch, innermost first: do_int80_emulation and its stub. */
    public static List<String> cFrames(KernelVersion v) {
        return v.int80IsIdtentry() ? List.of("do_int80_emulation", "asm_int80_emulation")
                : List.of("do_int80_syscall_32", "entry_INT80_compat");
    }

    /** The entry up to the C call; after it, the way out through IRET. */
    public static void emit(Asm a, KernelConfig c) {
        a.unplaced();
        if (c.version().int80IsIdtentry()) {
            emitIdtentry(a, c);
        } else {
            emitCompat(a, c);
        }
    }

    private static void emitIdtentry(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        String stub = "asm_int80_emulation";
        SourceRef src = Src.e64(v, "asm_int80_emulation: idtentry / idtentry_body", v.otherEntries().idtentryLines().idtentry());
        List<String> frames = List.of(stub);
        a.label(GATE_TARGET);
        a.label(stub);
        a.phase("int80.asm_int80_emulation", "asm_int80_emulation: the IDT stub", PhaseKind.ASM, src,
                "DECLARE_IDTENTRY_RAW(IA32_SYSCALL_VECTOR, int80_emulation) makes this an exception-style entry, the "
                + "way every IDT vector enters: no syscall-specific assembly any more. ASM_CLAC is patched to a NOP "
                + "where the CPU has no SMAP; the interrupt gate left AC alone, so on a SMAP CPU this is where it "
                + "would be cleared. orig_ax starts as -1 (\"no syscall to restart\") on the entry stack; C puts "
                + "the number there later. Guides often call int $0x80 historical: on a kernel with IA32_EMULATION it "
                + "still works, from 32-bit and 64-bit processes alike, and 6.1.158 has no entry_INT80_compat.",
                frames);
        if (c.ibt()) {
            a.endbr64("ENDBR: a valid IBT target");
        }
        KernelInsns.clacNop(a);
        KernelInsns.cld(a, "");
        a.pushImm(-1, "-1", "entry-stack pt_regs->orig_ax", "ORIG_RAX: no syscall to restart");
        a.phase("int80.call_error_entry", "call error_entry", PhaseKind.ASM, src,
                "error_entry saves the registers, swaps GS and CR3 and moves pt_regs to the task stack "
                + "(ALTERNATIVE: xen_error_entry on Xen PV).", frames);
        KernelInsns.callUnobserved(a, ErrorEntry.LABEL, "error_entry", "");
        ErrorEntry.emit(a, c, stub, ".Lint80_after_error_entry");

        a.label(".Lint80_after_error_entry");
        a.phase("int80.switch_stack", "Onto the task stack", PhaseKind.ASM, src,
                "RSP moves to the pt_regs sync_regs returned, on the task stack; RDI = &pt_regs for C. "
                + "ENCODE_FRAME_POINTER emits nothing without CONFIG_FRAME_POINTER.", frames);
        a.mov(Reg.RAX, Reg.RSP, "switch to the thread stack");
        a.mov(Reg.RSP, Reg.RDI, "pt_regs pointer into 1st argument");
        a.phase("int80.call_int80_emulation", "call int80_emulation", PhaseKind.ASM, src,
                "idtentry_body calls the C handler the vector was declared with.", frames);
        KernelInsns.callUnobserved(a, "int80_emulation", "int80_emulation", "");

        SourceRef emu = Src.compat(v, "int80_emulation", v.otherEntries().compatLines().int80());
        List<String> emuFrames = List.of("int80_emulation", stub);
        a.label("int80_emulation");
        if (v.hasClearBranchHistory()) {
            Mitigations.clearBranchHistory(a, c, new Mitigations.Site("int80", m -> Src.compat(v, "int80_emulation: " + m
                    + " (" + Src.macroFile(m) + ")", v.otherEntries().compatLines().int80()), emuFrames));
        }
        a.phase("int80.jmp_do_int80_emulation", "int80_emulation: on to C", PhaseKind.ASM, emu,
                "int80_emulation is a small assembly function in entry_64_compat.S: after CLEAR_BRANCH_HISTORY it "
                + "tail-jumps to do_int80_emulation, which returns straight to the stub.", emuFrames);
        a.jmp(C_ENTRY, 5, "do_int80_emulation");

        a.label(AFTER_C);
        a.phase("int80.error_return", "jmp error_return", PhaseKind.ASM, src,
                "Back in the stub with IRQs off. int $0x80 always leaves through IRET.", frames);
        a.jmp(ErrorEntry.ERROR_RETURN, 5, "");
        ErrorEntry.emitErrorReturn(a, c, frames);
    }

    /** 5.14's entry_INT80_compat (§2.9): the stack switch by hand, then C. */
    private static void emitCompat(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        SourceRef src = Src.compat(v, "entry_INT80_compat", v.otherEntries().compatLines().int80());
        List<String> frames = List.of("entry_INT80_compat");
        a.label(GATE_TARGET);
        a.label("entry_INT80_compat");
        a.phase("int80.entry", "entry_INT80_compat: swapgs", PhaseKind.ASM, src,
                v.label() + " still has the dedicated int $0x80 entry; 6.7 (and 6.1.y by 6.1.158) replaced it with "
                + "the IDTENTRY stub asm_int80_emulation. ASM_CLAC is a NOP without SMAP. SWAPGS is the paravirt "
                + "macro, a plain swapgs natively. The number is zero-extended right away: movl %eax,%eax.", frames);
        KernelInsns.clacNop(a);
        a.swapgs("SWAPGS");
        a.movl(Reg.RAX, Reg.RAX, "zero-extend the syscall number");

        a.phase("int80.push_orig_ax", "Save orig_ax and RDI on the entry stack", PhaseKind.ASM, src,
                "Below the CPU's five words go orig_ax and the user's RDI, which frees RDI as the scratch register "
                + "of SWITCH_TO_KERNEL_CR3.", frames);
        a.push(Reg.RAX, "entry-stack pt_regs->orig_ax", "pt_regs->orig_ax");
        a.push(Reg.RDI, "entry-stack pt_regs->di", "pt_regs->di");
        a.phase("int80.switch_to_kernel_cr3", "SWITCH_TO_KERNEL_CR3 scratch_reg=%rdi", PhaseKind.ASM, src,
                Macros.switchToKernelCr3Explanation(c, "RDI"), frames);
        Macros.switchToKernelCr3(a, c, Reg.RDI, "int80");
        a.nop(2, "ALTERNATIVE \"\", \"jmp .Lint80_keep_stack\", X86_FEATURE_XENPV: clear");

        a.phase("int80.switch_stack", "Copy the frame to the task stack", PhaseKind.ASM, src,
                "RDI keeps the entry stack; RSP becomes the top of the task stack, and the seven words (SS, RSP, "
                + "RFLAGS, CS, RIP, orig_ax, RDI) are pushed there in order.", frames);
        a.mov(Reg.RSP, Reg.RDI, "");
        a.load(Mem.percpu(v.layout().topOfStackOffset(), v.layout().topOfStackSymbol()), Reg.RSP,
                "PER_CPU_VAR(cpu_current_top_of_stack)");
        String[] what = {"ss", "sp", "flags", "cs", "ip", "orig_ax", "di"};
        for (int i = 0; i < what.length; i++) {
            int off = (6 - i) * 8;
            a.push(Mem.at(Reg.RDI, off, off == 0 ? "(%rdi)" : (6 - i) + "*8(%rdi)"), "pt_regs->" + what[i],
                    "regs->" + what[i]);
        }

        a.phase("int80.push_regs", "Save the other registers and clear them", PhaseKind.ASM, src,
                "Explicit push/xorl pairs: the real r8-r15 are saved (unlike " + v.label() + "'s SYSENTER entry), "
                + "and ax starts as -ENOSYS.", frames);
        Reg[] regs = {Reg.RSI, Reg.RDX, Reg.RCX};
        for (Reg r : regs) {
            a.push(r, "pt_regs->" + r.label().substring(1), "pt_regs->" + r.label().substring(1));
            a.xorl(r, "nospec " + r.label().substring(1));
        }
        a.pushImm(-Errno.ENOSYS, "-ENOSYS", "pt_regs->ax", "pt_regs->ax");
        Reg[] more = {Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.RBX, Reg.RBP, Reg.R12, Reg.R13, Reg.R14, Reg.R15};
        for (Reg r : more) {
            String n = r.label().startsWith("r1") || r.label().length() == 2 ? r.label() : r.label().substring(1);
            a.push(r, "pt_regs->" + n, "pt_regs->" + n);
            a.xorl(r, "nospec " + n);
        }
        a.alsoDo(x -> x.setLocal(Local.PT_REGS_LIVE, true));

        a.phase("int80.call", "cld; call do_int80_syscall_32", PhaseKind.ASM, src,
                "No IBRS_ENTER or UNTRAIN_RET in " + v.label() + ": the retbleed mitigations came in 5.19.", frames);
        KernelInsns.cld(a, "");
        a.mov(Reg.RSP, Reg.RDI, "arg0 = pt_regs");
        KernelInsns.callUnobserved(a, C_ENTRY, "do_int80_syscall_32", "");
        a.label(AFTER_C);
        a.phase("int80.iret", "jmp swapgs_restore_regs_and_return_to_usermode", PhaseKind.ASM, src,
                "int $0x80 always leaves through IRET.", frames);
        a.jmp(SysretExit.IRET_LABEL, 5, "");
    }

    /** The slot the entry stack's copy of pt_regs starts at: TSS.sp0 minus the frame and the 15 saved registers. */
    public static long entryStackPtRegs() {
        return Layout.ENTRY_STACK_TOP - 168;
    }
}
