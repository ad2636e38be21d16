package dev.sysstep.core.user;

/**
 * Where a 32-bit process's pieces are. No 32-bit process was observed, so these are illustrative
 * values of the usual shape, shown as such: a non-PIE i386 executable at 0x08048000, its stack and
 * the 32-bit vDSO just below 4 GiB (a 64-bit kernel gives a 32-bit task TASK_SIZE 0xffffe000).
 */
public final class I386Layout {
    /** The program's text, .rodata (the message), and the TLS block glibc points GS at. */
    public static final long TEXT = 0x08049000L;
    public static final long RODATA = 0x0804a000L;
    public static final long MSG = RODATA;
    public static final long TLS = 0x0804c000L;
    /** tcbhead_t.sysinfo: offsetof(tcbhead_t, sysinfo) = 0x10, AT_SYSINFO (kernel-other-entries.md §3.2, derived). */
    public static final long SYSINFO_OFFSET = 0x10;
    /** The stack: a few pages below 0xffffe000; ESP at the start. */
    public static final long STACK_START = 0xfffdd000L;
    public static final long STACK_END = 0xffffe000L;
    public static final long ESP = 0xffffd000L;
    /** Where {@code program ia32 read FD COUNT} reads to: in the stack, below ESP (our choice). */
    public static final long READ_BUFFER = 0xffffcf00L;
    /** The 32-bit vDSO's text, and __kernel_vsyscall in it (offset illustrative: Debian's build was not read). */
    public static final long VDSO = 0xf7fc7000L;
    public static final long KERNEL_VSYSCALL = VDSO + 0x570;

    private I386Layout() {
    }
}
