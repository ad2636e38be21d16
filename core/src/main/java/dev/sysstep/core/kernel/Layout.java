package dev.sysstep.core.kernel;

import dev.sysstep.core.cpu.ControlBits;

/**
 * Addresses and values every simulated machine shares: the per-CPU area, the TSS, the task and
 * entry stacks, the MSRs syscall_init writes, and the static test program. They were observed on
 * real 6.1 and 6.12 machines (observed-linux-6.1.md and observed-linux-6.12.md, "Addresses"), which
 * agree on all of them; what differs between builds is in {@link MachineLayout}.
 */
public final class Layout {
    /** Per-CPU base of CPU 0, the kernel's GS base (observed). */
    public static final long PERCPU_BASE = 0xffff88800f800000L;
    /** Per-CPU offset of cpu_tss_rw (observed). */
    public static final long CPU_TSS_RW = 0x6000L;
    /** struct x86_hw_tss offsets (reference §1.5 TSS layout). */
    public static final long TSS_SP0 = 4;
    public static final long TSS_SP1 = 12;
    public static final long TSS_SP2 = 20;
    /** How much of the per-CPU area is mapped; the real unit size was not observed. */
    public static final long PERCPU_SIZE = 0x40000L;

    /** End of the current task's 16 KiB stack: what the stack-top per-CPU slot held (observed on both). */
    public static final long TASK_STACK_END = 0xffffc90000014000L;
    /** Top of CPU 0's entry (trampoline) stack = TSS.sp0 (observed). */
    public static final long ENTRY_STACK_TOP = 0xfffffe0000003000L;
    public static final long GDT_BASE = 0xfffffe0000001000L;
    public static final long IDT_BASE = 0xfffffe0000000000L;
    public static final long TSS_BASE = 0xfffffe0000003000L;

    /** The user program's {@code syscall} instruction and the one after it (observed-linux-6.1.md). */
    public static final long USER_SYSCALL_INSN = 0x401b27L;
    public static final long USER_AFTER_SYSCALL = 0x401b29L;
    /** User GS base and FS base set by the observed test programs (both machines). */
    public static final long USER_GS_BASE = 0x6b6b6b6b6000L;
    public static final long USER_FS_BASE = 0x1234567f5000L;
    /** The message buffer of the program in the static binary's .rodata (product.md §5 example). */
    public static final long USER_MSG = 0x47cfc4L;
    /**
     * Where {@code program read FD COUNT} reads to: inside the mapped user stack, below both observed
     * user RSPs. Our choice, not an observed value; any mapped writable user address would do.
     */
    public static final long USER_READ_BUFFER = 0x426f00L;

    /** CR4 on the user side, without and with PCIDE (observed on both machines). */
    public static final long CR4_NO_PCID = 0x1506f0L;
    public static final long CR4_PCID = 0x1706f0L;
    /** IA32_EFER: SCE, LME, LMA, NXE (observed). */
    public static final long EFER = 0xd01L;
    /** IA32_STAR = (__USER32_CS << 48) | (__KERNEL_CS << 32) (reference §3.3, observed). */
    public static final long STAR = 0x0023001000000000L;
    /** Value of x86_spec_ctrl_current when the kernel uses IBRS: SPEC_CTRL_IBRS (bit 0, reference §3.2). */
    public static final long SPEC_CTRL_IBRS = 1L;

    /** User regions of the static, non-PIE test binary. */
    public static final long USER_TEXT_START = 0x401000L;
    public static final long USER_TEXT_END = 0x402000L;
    public static final long USER_RODATA_START = 0x47c000L;
    public static final long USER_RODATA_END = 0x47d000L;
    public static final long USER_STACK_START = 0x420000L;
    public static final long USER_STACK_END = 0x428000L;

    private Layout() {
    }

    public static long percpu(long offset) {
        return PERCPU_BASE + offset;
    }

    public static long tssSp0() {
        return percpu(CPU_TSS_RW + TSS_SP0);
    }

    public static long tssSp2() {
        return percpu(CPU_TSS_RW + TSS_SP2);
    }

    /** task_top_of_stack(current): the stack end minus TOP_OF_KERNEL_STACK_PADDING (reference §1.5). */
    public static long topOfStack(KernelVersion v) {
        return TASK_STACK_END - v.stackPadding();
    }

    /** task_pt_regs(current) = top of stack - sizeof(pt_regs) (reference §1.5, §2.1). */
    public static long ptRegs(KernelVersion v) {
        return topOfStack(v) - Limits.PTREGS_SIZE;
    }

    /** The CR3 user mode runs on: PTI's user half when KPTI is on (reference §1.4). */
    public static long userCr3(KernelConfig c) {
        if (!c.kpti()) {
            return kernelCr3(c);
        }
        MachineLayout m = c.version().layout();
        return c.pcid() ? m.cr3UserPcid() : m.cr3UserNoPcid();
    }

    public static long kernelCr3(KernelConfig c) {
        MachineLayout m = c.version().layout();
        return c.pcid() ? m.cr3KernelPcid() : m.cr3KernelNoPcid();
    }

    public static long cr4(KernelConfig c) {
        long cr4 = c.pcid() ? CR4_PCID : CR4_NO_PCID;
        return c.la57() ? cr4 | ControlBits.CR4_LA57 : cr4;
    }
}
