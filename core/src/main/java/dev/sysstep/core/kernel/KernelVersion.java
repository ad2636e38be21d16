package dev.sysstep.core.kernel;

import java.util.Optional;

/**
 * The kernel releases whose entry path is simulated (reference §0) and every fact that differs
 * between them. Code that needs a version difference asks here rather than comparing versions.
 */
public enum KernelVersion {
    /** Linux 5.14.2 (reference key K514). */
    V5_14("5.14", "5.14.2", "K514"),
    /** Linux 6.1.158, the LTS Debian 12 ships (reference key K61). The default. */
    V6_1("6.1", "6.1.158", "K61"),
    /** Linux 7.0.0, newest mainline (reference key K70). */
    V7_0("7.0", "7.0.0", "K70");

    private final String label;
    private final String release;
    private final String referenceKey;

    KernelVersion(String label, String release, String referenceKey) {
        this.label = label;
        this.release = release;
        this.referenceKey = referenceKey;
    }

    public String label() {
        return label;
    }

    public String release() {
        return release;
    }

    public String referenceKey() {
        return referenceKey;
    }

    public static Optional<KernelVersion> byLabel(String s) {
        String t = s.strip();
        for (KernelVersion v : values()) {
            if (v.label.equals(t) || v.release.equals(t)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** __NR_syscalls = highest common/64 number + 1 (reference §3.6). */
    public int nrSyscalls() {
        return switch (this) {
            case V5_14 -> 448;
            case V6_1 -> 451;
            case V7_0 -> 472;
        };
    }

    /** CLEAR_REGS zeroes ESI from 6.1 on; 5.14 leaves RSI (reference §2.3). */
    public boolean clearRegsClearsRsi() {
        return this != V5_14;
    }

    /** 5.14 pops the r11 and rcx slots into RSI as a throwaway (reference §1.2 R10). */
    public boolean popRegsSkipsR11Rcx() {
        return this == V5_14;
    }

    /** The SYSRET eligibility checks run in C after syscall_exit_to_user_mode (reference §1.2). */
    public boolean sysretChecksInC() {
        return this == V7_0;
    }

    /** 6.1.158 and 7.0 call the handler through the x64_sys_call switch; 5.14 through sys_call_table (reference §5.1). */
    public boolean dispatchesBySwitch() {
        return this != V5_14;
    }

    /** IBRS_ENTER, UNTRAIN_RET and CLEAR_BRANCH_HISTORY before the call (reference §1.1 E14–E16). */
    public boolean hasEntryMitigations() {
        return this != V5_14;
    }

    /** IBRS_EXIT on both exit paths and CLEAR_CPU_BUFFERS after the last swapgs (reference §1.2 R9, R18). */
    public boolean hasExitMitigations() {
        return this != V5_14;
    }

    /** TOP_OF_KERNEL_STACK_PADDING: 16 with CONFIG_X86_FRED=y in 6.19/7.0, else 0 (reference §1.5). */
    public int stackPadding() {
        return this == V7_0 ? 16 : 0;
    }

    /** 6.19/7.0 test X86_FEATURE_PTI before pushing RAX in SWITCH_TO_USER_CR3_STACK (reference §1.4). */
    public boolean userCr3StackSkipsPushWithoutPti() {
        return this == V7_0;
    }

    /** 7.0 has a separate non-PTI IRET branch; 5.14 and 6.1 always use the trampoline (reference §1.3). */
    public boolean iretHasNonPtiBranch() {
        return this == V7_0;
    }

    /** do_syscall_64 returns bool (SYSRET allowed) in 6.8 and later (reference §5.1). */
    public boolean doSyscall64ReturnsBool() {
        return this == V7_0;
    }

    /** Source file holding do_syscall_64 (reference §5.1). */
    public String doSyscall64File() {
        return this == V7_0 ? "arch/x86/entry/syscall_64.c" : "arch/x86/entry/common.c";
    }

    /** Line ranges of entry_SYSCALL_64 in entry_64.S (reference §1.1 sources). */
    public String entryLines() {
        return switch (this) {
            case V5_14 -> "87-218";
            case V6_1 -> "87-219";
            case V7_0 -> "87-170";
        };
    }

    /** Line ranges of do_syscall_64 (reference §5.1 sources). */
    public String doSyscall64Lines() {
        return this == V7_0 ? "35-140" : "40-90";
    }

    /** fs/read_write.c line numbers: rw_verify_area, vfs_write, ksys_write, SYSCALL_DEFINE3(write) (reference §6). */
    public int[] readWriteLines() {
        return switch (this) {
            case V5_14 -> new int[] {366, 585, 647, 667};
            case V6_1 -> new int[] {355, 564, 626, 646};
            case V7_0 -> new int[] {453, 668, 729, 748};
        };
    }

    /** Line of syscall_init in arch/x86/kernel/cpu/common.c (reference §3.3). */
    public int syscallInitLine() {
        return switch (this) {
            case V5_14 -> 1749;
            case V6_1 -> 2195;
            case V7_0 -> 2301;
        };
    }

    /** The unwinder hint after the trampoline switch (reference §1.2). */
    public String trampolineUnwindHint() {
        return this == V7_0 ? "UNWIND_HINT_END_OF_STACK" : "UNWIND_HINT_EMPTY";
    }

    /** Config symbol behind STACKLEAK_ERASE (reference §1.2). */
    public String stackleakConfig() {
        return this == V7_0 ? "CONFIG_KSTACK_ERASE" : "CONFIG_GCC_PLUGIN_STACKLEAK";
    }
}
