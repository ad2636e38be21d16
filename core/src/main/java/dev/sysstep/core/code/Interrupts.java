package dev.sysstep.core.code;

import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Selectors;

/**
 * Interrupt and exception delivery through the IDT from user mode, in IA-32e mode (SDM Vol. 3A
 * §6.12.1, §6.14; kernel-other-entries.md §2.2): the software interrupt {@code int $0x80} and the
 * page fault of the vsyscall page. Both gates have IST 0 and target __KERNEL_CS at DPL 0, so the CPU
 * switches to TSS.RSP0 (the per-CPU entry stack), aligns it to 16 bytes, and pushes SS, RSP, RFLAGS,
 * CS and RIP, 8 bytes each; a page fault adds its error code.
 */
public final class Interrupts {
    /** IA32_SYSCALL_VECTOR (asm/irq_vectors.h). */
    public static final int INT80_VECTOR = 0x80;
    /** Where the IDT's vector 0x80 gate sits: IDT base + 0x80 * 16 (derived, kernel-other-entries.md §2.1). */
    public static final long INT80_GATE = Layout.IDT_BASE + INT80_VECTOR * 16L;

    private Interrupts() {
    }

    /**
     * {@code int $0x80}: the gate is a DPL-3 interrupt gate (idt.c SYSG), so CPL 3 may use it. {@code
     * next} is the address after the two-byte instruction; the handler's address was not observed, so
     * execution continues at {@code handler} by name.
     */
    public static void int80(Exec x, long next, String handler) {
        // gate DPL 3 >= CPL 3: no #GP(0x402); the gate is present: no #NP
        deliver(x, next, null, "int $0x80 frame", handler);
    }

    /**
     * A page fault raised by a user-mode instruction fetch: CR2 gets the address and the error code
     * says user mode, instruction fetch, no translation (USER | INSTR = 0x14). RIP in the frame is the
     * address of the instruction that faulted.
     */
    public static void pageFault(Exec x, long faultingRip, long address, long errorCode, String handler) {
        x.set(Reg.CR2, address);
        deliver(x, faultingRip, errorCode, "#PF frame", handler);
    }

    private static void deliver(Exec x, long rip, Long errorCode, String what, String handler) {
        // reading TSS.RSP0 is the CPU's own supervisor access: no page-table check for CPL 3 applies
        long rsp0 = x.memory().read64(Layout.tssSp0());
        long ss = x.get(Reg.SS);
        long rsp = x.get(Reg.RSP);
        long flags = x.flags();
        long cs = x.get(Reg.CS);
        x.set(Reg.CPL, 0);
        x.set(Reg.CS, Selectors.KERNEL_CS);
        x.set(Reg.SS, 0); // a privilege change in IA-32e mode loads a NULL SS (RPL 0)
        x.set(Reg.RSP, rsp0 & ~0xFL);
        x.push(ss, what + ": SS");
        x.push(rsp, what + ": RSP");
        x.push(flags, what + ": RFLAGS");
        x.push(cs, what + ": CS");
        x.push(rip, what + ": RIP");
        if (errorCode != null) {
            x.push(errorCode, what + ": error code");
        }
        // every gate clears TF, NT, RF and VM; an interrupt gate also clears IF
        x.set(Reg.RFLAGS, (flags & ~(RFlags.TF | RFlags.NT | RFlags.RF | RFlags.VM | RFlags.IF)) | RFlags.FIXED);
        x.jump(handler);
    }
}
