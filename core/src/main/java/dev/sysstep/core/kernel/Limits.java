package dev.sysstep.core.kernel;

/** Sizes and limits of the x86-64 kernel (reference §2.1, §3.6, §3.7, §3.9, §1.5). */
public final class Limits {
    /** TASK_SIZE_MAX with 4-level paging: (1 << 47) - PAGE_SIZE (reference §3.7). */
    public static final long TASK_SIZE_MAX_4LEVEL = 0x0000_7FFF_FFFF_F000L;
    /** TASK_SIZE_MAX with 5-level paging: (1 << 56) - PAGE_SIZE (reference §3.7). */
    public static final long TASK_SIZE_MAX_5LEVEL = 0x00FF_FFFF_FFFF_F000L;
    /** INT_MAX & PAGE_MASK (reference §3.9). */
    public static final long MAX_RW_COUNT = 0x7FFF_F000L;
    public static final long PAGE_SIZE = 4096;
    /** 16 KiB task stack (reference §3.9). */
    public static final long THREAD_SIZE = 16 * 1024;
    /** The per-CPU entry (trampoline) stack (reference §3.9). */
    public static final long ENTRY_STACK_SIZE = 4096;
    /** sizeof(struct pt_regs) = 21 * 8 (reference §2.1). */
    public static final int PTREGS_SIZE = 168;
    /** __X32_SYSCALL_BIT (reference §3.6). */
    public static final long X32_SYSCALL_BIT = 0x4000_0000L;
    /** x32 numbers 512..547 make X32_NR_syscalls 548 (reference §3.6, derived). */
    public static final int X32_NR_SYSCALLS = 548;
    /** Shift used by the assembly canonical test: 64 - (__VIRTUAL_MASK_SHIFT + 1) (reference §1.2 R3, §8.12). */
    public static final int CANONICAL_SHIFT_4LEVEL = 16;
    public static final int CANONICAL_SHIFT_5LEVEL = 7;

    private Limits() {
    }

    public static long taskSizeMax(boolean la57) {
        return la57 ? TASK_SIZE_MAX_5LEVEL : TASK_SIZE_MAX_4LEVEL;
    }
}
