package dev.sysstep.core.user;

/**
 * How the program enters the kernel, or does not: a dimension of the model beside the program and
 * the profile (kernel-other-entries.md §1). Each has its own user code and kernel entry; they share
 * what the kernel shares (the C dispatch, the handlers, the exit work, the IRET exit).
 */
public enum Entry {
    /** {@code syscall} from a 64-bit process: the path of kernel-entry.md. */
    SYSCALL("syscall", false),
    /** {@code int $0x80} from a 64-bit process: the ia32 ABI through the IDT (§2). */
    INT80("int80", false),
    /** A 32-bit process through the vDSO's __kernel_vsyscall: SYSENTER on Intel, SYSCALL on AMD (§3, §4). */
    IA32_VSYSCALL("ia32", true),
    /** {@code int $0x80} from a 32-bit process (§2). */
    IA32_INT80("ia32 int80", true),
    /** {@code syscall} from a 32-bit process: #UD on Intel, compat SYSCALL on AMD (§4). */
    IA32_SYSCALL("ia32 syscall", true),
    /** A vDSO function: the time without entering the kernel, or a fallback syscall (§5). */
    VDSO("vdso", false),
    /** A call into the vsyscall page, emulated from a page fault (§6). */
    VSYSCALL("vsyscall", false),
    /** glibc's wrapper around the 64-bit path, as Debian 12 compiles it (§7). */
    LIBC("libc", false);

    private final String word;
    private final boolean compat;

    Entry(String word, boolean compat) {
        this.word = word;
        this.compat = compat;
    }

    /** How {@code program} names it. */
    public String word() {
        return word;
    }

    /** The name on a command line: {@code ia32-int80} for {@code ia32 int80}. */
    public String cliName() {
        return word.replace(' ', '-');
    }

    public static java.util.Optional<Entry> byCliName(String s) {
        for (Entry e : values()) {
            if (e.cliName().equals(s) || e.word().equals(s)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /** True when the program is a 32-bit process (compatibility mode, CS 0x23). */
    public boolean compatProcess() {
        return compat;
    }

    /** True when the number and arguments follow the i386 ABI: EAX, then EBX, ECX, EDX, ESI, EDI, EBP. */
    public boolean ia32Abi() {
        return this == INT80 || compat;
    }
}
