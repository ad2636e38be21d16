package dev.sysstep.core.path.entry;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.KernelInsns;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.path.Src;
import java.util.List;

/**
 * asm_exc_page_fault, the IDTENTRY stub of the page fault (kernel-other-entries.md §6 step 2): the
 * same error_entry path as int $0x80, with the error code the CPU pushed in the orig_ax slot. Its
 * address was not observed.
 */
public final class PageFaultEntry {
    public static final String GATE_TARGET = "asm_exc_page_fault";
    public static final String C_ENTRY = "c.exc_page_fault";
    public static final String AFTER_C = ".Lpf_after_c";

    private PageFaultEntry() {
    }

    public static void emit(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        a.unplaced();
        SourceRef src = Src.e64(v, "asm_exc_page_fault: idtentry has_error_code=1", v.otherEntries().idtentryLines().idtentry());
        List<String> frames = List.of(GATE_TARGET);
        a.label(GATE_TARGET);
        a.phase("pf.asm_exc_page_fault", "asm_exc_page_fault: the IDT stub", PhaseKind.ASM, src,
                "The page fault's gate (vector 14, DPL 0, IST 0) took the CPU here from user mode, with the frame and "
                + "the error code on the entry stack. The error code sits where orig_ax goes, so unlike int $0x80 the "
                + "stub pushes no -1.", frames);
        if (c.ibt()) {
            a.endbr64("ENDBR");
        }
        KernelInsns.clacNop(a);
        KernelInsns.cld(a, "");
        a.phase("pf.call_error_entry", "call error_entry", PhaseKind.ASM, src,
                "The same error_entry as for int $0x80: registers saved on the entry stack, SWAPGS, the kernel CR3, "
                + "pt_regs copied to the task stack.", frames);
        KernelInsns.callUnobserved(a, ErrorEntry.LABEL, "error_entry", "");
        ErrorEntry.emit(a, c, GATE_TARGET, ".Lpf_after_error_entry");
        a.label(".Lpf_after_error_entry");
        a.phase("pf.switch_stack", "Onto the task stack; the error code to RSI", PhaseKind.ASM, src,
                "idtentry_body with has_error_code=1: RDI = &pt_regs, RSI = the error code from the orig_ax slot, which "
                + "then becomes -1 (no syscall to restart).", frames);
        a.mov(Reg.RAX, Reg.RSP, "switch to the thread stack");
        a.mov(Reg.RSP, Reg.RDI, "pt_regs pointer into 1st argument");
        a.load(Mem.at(Reg.RSP, PtRegs.ORIG_AX, "ORIG_RAX(%rsp)"), Reg.RSI, "get error code into 2nd argument");
        KernelInsns.storeImm(a, -1, "-1", Mem.at(Reg.RSP, PtRegs.ORIG_AX, "ORIG_RAX(%rsp)"), "pt_regs->orig_ax",
                "no syscall to restart");
        a.phase("pf.call_exc_page_fault", "call exc_page_fault", PhaseKind.ASM, src, "", frames);
        KernelInsns.callUnobserved(a, C_ENTRY, "exc_page_fault", "");
        a.label(AFTER_C);
        a.phase("pf.error_return", "jmp error_return", PhaseKind.ASM, src,
                "Back in the stub with IRQs off: out through error_return and IRET.", frames);
        a.jmp(ErrorEntry.ERROR_RETURN, 5, "");
        ErrorEntry.emitErrorReturn(a, c, frames);
    }
}
