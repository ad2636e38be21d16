package dev.sysstep.core.kernel;

/**
 * What the reference gives of a profile's other ways into the kernel (kernel-other-entries.md), and
 * where their code lives. A path the reference does not give for a release is not simulated there:
 * the run stops at the entry instruction and says so, rather than show another release's code.
 *
 * @param int80 int $0x80: the IDT gate, the entry and do_int80_emulation (or 5.14's entry_INT80_compat)
 * @param sysenter SYSENTER from a 32-bit process: entry_SYSENTER_compat, do_fast_syscall_32, sysretl
 * @param syscallCompat compat SYSCALL on AMD: entry_SYSCALL_compat
 * @param vdso the 64-bit vDSO's clock functions and their vvar data
 * @param vsyscall the vsyscall page emulated from a page fault
 * @param int80CFile the file holding do_int80_emulation (do_int80_syscall_32 in 5.14)
 * @param int80CLines its lines there
 * @param fast32CFile the file holding do_SYSENTER_32, do_fast_syscall_32 and __do_fast_syscall_32
 * @param fast32CLines their lines there
 * @param compatLines lines in entry_64_compat.S: SYSENTER entry, SYSCALL entry, sysret32, int80_emulation
 * @param idtentryLines lines in entry_64.S: idtentry_body and idtentry, then error_entry
 */
public record OtherEntries(boolean int80, boolean sysenter, boolean syscallCompat, boolean vdso, boolean vsyscall,
                           String int80CFile, String int80CLines, String fast32CFile, String fast32CLines,
                           CompatLines compatLines, IdtLines idtentryLines) {

    /** Lines of arch/x86/entry/entry_64_compat.S; empty where the reference gives none. */
    public record CompatLines(String sysenter, String syscall, String sysret32, String int80) {
        static final CompatLines UNKNOWN = new CompatLines("", "", "", "");
    }

    /** Lines of arch/x86/entry/entry_64.S; empty where the reference gives none. */
    public record IdtLines(String idtentry, String errorEntry, String errorReturn) {
        static final IdtLines UNKNOWN = new IdtLines("", "", "");
    }

    /** kernel-other-entries.md: K61 line numbers (§2.3, §2.4, §3.4–§3.6, §4). */
    static final OtherEntries LINUX_6_1 = new OtherEntries(true, true, true, true, true,
            "arch/x86/entry/common.c", "162-209", "arch/x86/entry/common.c", "233-342",
            new CompatLines("51-139", "188-227", "229-287", "297"), new IdtLines("331-401", "1033-1117", "1119"));

    /** 5.14: entry_INT80_compat (§2.9), SYSENTER (§3.7) and the vDSO (§5.5); not its compat SYSCALL or error_entry. */
    static final OtherEntries LINUX_5_14 = new OtherEntries(true, true, false, true, false,
            "arch/x86/entry/common.c", "", "arch/x86/entry/common.c", "",
            CompatLines.UNKNOWN, IdtLines.UNKNOWN);

    /**
     * 7.0: the same int $0x80 and SYSENTER paths with the differences of §2.10 and §3.7, and the
     * vsyscall page (§6); its vDSO has a new data store the reference does not trace (§5.5).
     */
    static final OtherEntries LINUX_7_0 = new OtherEntries(true, true, true, false, true,
            "arch/x86/entry/syscall_32.c", "129", "arch/x86/entry/syscall_32.c", "315",
            CompatLines.UNKNOWN, IdtLines.UNKNOWN);

    /** 6.12: the references (kernel-6.12.md, observed-linux-6.12.md) give none of these paths. */
    static final OtherEntries NONE = new OtherEntries(false, false, false, false, false, "", "", "", "",
            CompatLines.UNKNOWN, IdtLines.UNKNOWN);
}
