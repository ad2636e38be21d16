package dev.sysstep.core.syscall;

import dev.sysstep.core.kernel.KernelVersion;
import java.util.List;
import java.util.Optional;

/**
 * The i386 syscall numbers that int $0x80, SYSENTER and compat SYSCALL use (syscall_32.tbl, the same
 * in 5.14, 6.1 and 7.0: kernel-other-entries.md §2.5). Only the entries the reference lists are
 * named; their entry points are the {@code __ia32_sys_*} stubs, which read ebx, ecx, edx, esi, edi
 * and ebp from pt_regs and cast each through {@code unsigned int} first.
 */
public final class I386Table {
    /** A listed entry: number, name, and the entry point the table names (empty where not listed here). */
    public record Entry(int number, String name, Optional<String> handler) {
    }

    private static final List<Entry> LISTED = List.of(
            entry(0, "restart_syscall", "__ia32_sys_restart_syscall"), entry(1, "exit", "__ia32_sys_exit"),
            entry(2, "fork", "__ia32_sys_fork"), entry(3, "read", "__ia32_sys_read"),
            entry(4, "write", "__ia32_sys_write"), new Entry(5, "open", Optional.empty()),
            entry(6, "close", "__ia32_sys_close"), entry(20, "getpid", "__ia32_sys_getpid"),
            entry(45, "brk", "__ia32_sys_brk"), new Entry(90, "mmap", Optional.empty()),
            new Entry(119, "sigreturn", Optional.empty()), new Entry(173, "rt_sigreturn", Optional.empty()),
            new Entry(192, "mmap2", Optional.empty()), entry(224, "gettid", "__ia32_sys_gettid"),
            entry(252, "exit_group", "__ia32_sys_exit_group"), new Entry(265, "clock_gettime", Optional.empty()),
            new Entry(403, "clock_gettime64", Optional.empty()));

    private I386Table() {
    }

    private static Entry entry(int nr, String name, String handler) {
        return new Entry(nr, name, Optional.of(handler));
    }

    /**
     * IA32_NR_syscalls. Derived: new syscalls have taken the same number on every architecture since
     * the unified numbering of 5.1, so i386's table ends where x86-64's does (kernel-other-entries.md
     * §2.4 step 7 derives 451 for 6.1.158).
     */
    public static int nrSyscalls(KernelVersion v) {
        return v.nrSyscalls();
    }

    public static Optional<Entry> entry(long nr) {
        return LISTED.stream().filter(e -> e.number() == nr).findFirst();
    }

    public static Optional<Entry> byName(String name) {
        return LISTED.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public static List<Entry> listed() {
        return LISTED;
    }
}
