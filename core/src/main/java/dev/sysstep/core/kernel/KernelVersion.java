package dev.sysstep.core.kernel;

import java.util.Optional;

/**
 * The kernel releases whose entry path is simulated, and every difference between them. A profile
 * is a constant with its facts (release, NR_syscalls, addresses, sources, build options); each
 * difference is a predicate below, named after what it is and decided from the release that
 * introduced it. Code elsewhere asks a predicate and never compares versions.
 */
public enum KernelVersion {
    /** Linux 5.14.2 (the release seed 002 reads); it reuses the observed 6.1 addresses. */
    V5_14("5.14", Release.of(5, 14, 2), 448, MachineLayout.OBSERVED_6_1,
            new Sources("87-218", "arch/x86/entry/common.c", "40-90", "kernel/entry/common.c", "kernel/entry/common.c",
                    "arch/x86/entry/syscall_x32.c", Sources.lines(366, 585, 647, 667), ""),
            Build.of(false, false, false), OtherEntries.LINUX_5_14),
    /** Linux 6.1.158, the LTS Debian 12 ships. The default profile. */
    V6_1("6.1", Release.of(6, 1, 158), 451, MachineLayout.OBSERVED_6_1,
            new Sources("87-219", "arch/x86/entry/common.c", "40-90", "kernel/entry/common.c", "kernel/entry/common.c",
                    "arch/x86/entry/syscall_x32.c", Sources.lines(355, 564, 626, 646), ""),
            // the observed build has no endbr64 at LSTAR (observed-linux-6.1.md: the label offsets imply none)
            Build.of(false, false, false), OtherEntries.LINUX_6_1),
    /**
     * Linux 6.12.107 as Debian 13 ships it (observed-linux-6.12.md): IBT on, FRED and the STACKLEAK
     * plugin off, x32 built in behind Debian's syscall.x32= switch. The reference gives no line numbers
     * for its sources (kernel-6.12.md §0).
     */
    V6_12("6.12", Release.of(6, 12, 107), 463, MachineLayout.OBSERVED_6_12,
            new Sources("", "arch/x86/entry/common.c", "", "include/linux/entry-common.h", "kernel/entry/common.c",
                    "arch/x86/entry/syscall_x32.c", Sources.UNKNOWN_READ_WRITE, ""),
            Build.of(false, true, true), OtherEntries.NONE),
    /** Linux 7.0.0, the newest mainline; it reuses the observed 6.1 addresses. */
    V7_0("7.0", Release.of(7, 0, 0), 472, MachineLayout.OBSERVED_6_1,
            new Sources("87-170", "arch/x86/entry/syscall_64.c", "35-140", "include/linux/entry-common.h",
                    "include/linux/entry-common.h", "arch/x86/entry/syscall_64.c", Sources.lines(453, 668, 729, 748), "87-140"),
            // CONFIG_X86_FRED=y as the reference models 7.0 (16 bytes above pt_regs); IBT as a current
            // distribution builds it (UNCONFIRMED for 7.0: the reference does not pin its build options)
            Build.of(true, true, false), OtherEntries.LINUX_7_0);

    /** Build options of a profile that change the path: what the kernel was configured with. */
    public record Build(boolean fred, boolean ibt, boolean x32BootSwitch) {
        static Build of(boolean fred, boolean ibt, boolean x32BootSwitch) {
            return new Build(fred, ibt, x32BootSwitch);
        }
    }

    private final String label;
    private final Release release;
    private final int nrSyscalls;
    private final MachineLayout layout;
    private final Sources sources;
    private final Build build;
    private final OtherEntries otherEntries;

    KernelVersion(String label, Release release, int nrSyscalls, MachineLayout layout, Sources sources, Build build,
                  OtherEntries otherEntries) {
        this.label = label;
        this.release = release;
        this.nrSyscalls = nrSyscalls;
        this.layout = layout;
        this.sources = sources;
        this.build = build;
        this.otherEntries = otherEntries;
    }

    /** What the reference gives of this release's int $0x80, 32-bit, vDSO and vsyscall paths. */
    public OtherEntries otherEntries() {
        return otherEntries;
    }

    /** What users type: {@code 6.1}. */
    public String label() {
        return label;
    }

    /** The pinned release, such as {@code 6.1.158}. */
    public String release() {
        return release.toString();
    }

    public Release releaseNumber() {
        return release;
    }

    public MachineLayout layout() {
        return layout;
    }

    public Sources sources() {
        return sources;
    }

    public Build build() {
        return build;
    }

    public static Optional<KernelVersion> byLabel(String s) {
        String t = s.strip();
        for (KernelVersion v : values()) {
            if (v.label.equals(t) || v.release().equals(t)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** __NR_syscalls = highest common/64 number + 1 (reference §3.6; kernel-6.12.md §6.1). */
    public int nrSyscalls() {
        return nrSyscalls;
    }

    private boolean since(int major, int minor) {
        return release.atLeast(major, minor);
    }

    /** In 6.1.y by 6.1.158, the stable release the reference reads: a backport whose first 6.1.y is not pinned. */
    private boolean in61Stable() {
        return release.inStableSince(6, 1, 158);
    }

    /**
     * syscall_init writes CSTAR through wrmsrl_cstar(), which skips the write on Intel (it avoids a #VE in
     * TDX guests): in 6.1.158 and already in 6.1.0-rc7, not in 5.14 (reference §3.3; kernel-other-entries.md §4).
     */
    public boolean skipsCstarOnIntel() {
        return since(6, 1);
    }

    // ---------------------------------------------------------------- entry_SYSCALL_64

    /**
     * CLEAR_REGS zeroes ESI as well: added with "x86/entry: Use PUSH_AND_CLEAR_REGS for compat" (Peter
     * Zijlstra, May 2022), so from 5.19; 5.14 leaves RSI (reference §2.3).
     */
    public boolean clearRegsClearsRsi() {
        return since(5, 19);
    }

    /** POP_REGS' skip_r11rcx (5.14, reference §1.2 R10); removed in the retbleed rework of 5.19. */
    public boolean popRegsSkipsR11Rcx() {
        return !since(5, 19);
    }

    /** IBRS_ENTER/IBRS_EXIT and UNTRAIN_RET on the syscall path: the retbleed mitigations of 5.19 (reference §1.1 E14, E15). */
    public boolean hasRetbleedMitigations() {
        return since(5, 19);
    }

    /**
     * ANNOTATE_UNRET_END is a real one-byte NOP at the start of UNTRAIN_RET: 6.1.158 has it; by 6.12 it
     * is VALIDATE_UNRET_END, which emits nothing without DEBUG_ENTRY (kernel-6.12.md §1 row 8). The
     * release between them that made the change is not pinned.
     */
    public boolean untrainRetStartsWithNop() {
        return hasRetbleedMitigations() && !since(6, 12);
    }

    /**
     * The second UNTRAIN_RET site also carries RESET_CALL_DEPTH (call depth tracking, 6.2), making it a
     * 15-byte site that runs as one JMP over INT3 padding (kernel-6.12.md §1 row 8, §2.1).
     */
    public boolean untrainSiteResetsCallDepth() {
        return since(6, 2);
    }

    /** The function UNTRAIN_RET's IBPB site calls: entry_ibpb, renamed write_ibpb in 6.16 (7.0's nospec-branch.h). */
    public String ibpbOnEntryFunction() {
        return since(6, 16) ? "write_ibpb" : "entry_ibpb";
    }

    /**
     * CLEAR_BRANCH_HISTORY before the call: the BHI mitigation of 6.9, a stable backport in 6.1.158
     * (reference §1.1 E16: 6.1.0-rc7 lacks it).
     */
    public boolean hasClearBranchHistory() {
        return since(6, 9) || in61Stable();
    }

    /**
     * Per-CPU operands are %rip-relative, {@code %gs:disp(%rip)}: "x86/percpu: Introduce %rip-relative
     * addressing to PER_CPU_VAR()", 6.9 (kernel-6.12.md §1 row 2).
     */
    public boolean percpuIsRipRelative() {
        return since(6, 9);
    }

    /**
     * The task stack top is read from pcpu_hot + 0x18 instead of cpu_current_top_of_stack: pcpu_hot
     * exists from 6.2 (from memory, UNCONFIRMED) and is gone by 7.0 (reference §1.5; kernel-6.12.md §1 row 1).
     */
    public boolean stackTopInPcpuHot() {
        return since(6, 2) && !since(6, 15);
    }

    /**
     * TOP_OF_KERNEL_STACK_PADDING: 16 bytes above pt_regs on a CONFIG_X86_FRED=y build, which FRED
     * kernels have from 6.9 (reference §1.5, §1.6); 0 otherwise.
     */
    public int stackPadding() {
        return build.fred() && since(6, 9) ? 16 : 0;
    }

    /**
     * The entry starts with UNWIND_HINT_ENTRY and an ENDBR site, and the exit carries the labels
     * entry_SYSRETQ_unsafe_stack and entry_SYSRETQ_end: the IBT annotations of 5.18 (reference §1.1 E0,
     * §1.2: 5.14 has UNWIND_HINT_EMPTY and neither label).
     */
    public boolean hasIbtAnnotations() {
        return since(5, 18);
    }

    /** endbr64 starts entry points when the build has CONFIG_X86_KERNEL_IBT (reference §1.1 E0): the profile's default. */
    public boolean ibtByDefault() {
        return build.ibt();
    }

    // ---------------------------------------------------------------- do_syscall_64 and the SYSRET decision

    /**
     * add_random_kstack_offset() keeps its offset in the task instead of per CPU: a 6.12.y stable
     * change in 6.12.86 (kernel-6.12.md §1 row 14); the 7.0.0 import still has the per-CPU form.
     */
    public boolean kstackOffsetPerTask() {
        return release.inStableSince(6, 12, 86);
    }

    /**
     * The SYSRET eligibility checks run in C after syscall_exit_to_user_mode, and do_syscall_64
     * returns their verdict as a bool: "x86/entry/64: Convert SYSRET validation tests to C", v6.7 (the
     * x86/entry pull for v6.7, kernel-6.12.md §1 row 4). The C check tests ip < TASK_SIZE_MAX.
     */
    public boolean sysretChecksInC() {
        return since(6, 7);
    }

    /**
     * Handlers are called through the generated x64_sys_call switch instead of sys_call_table:
     * "x86/syscall: Don't force use of indirect calls for system calls", 6.9, backported to 6.1.y
     * (reference §5.1).
     */
    public boolean dispatchesBySwitch() {
        return since(6, 9) || in61Stable();
    }

    /** access_ok's rule (reference §6.2): 5.14's own, the generic __access_ok (5.19), USER_PTR_MAX (6.12). */
    public AccessOk accessOk() {
        if (since(6, 12)) {
            return AccessOk.USER_PTR_MAX;
        }
        return since(5, 19) ? AccessOk.GENERIC : AccessOk.WRAP_AND_TASK_SIZE;
    }

    /** The three forms access_ok has taken on x86-64. */
    public enum AccessOk { WRAP_AND_TASK_SIZE, GENERIC, USER_PTR_MAX }

    /** syscall_64.tbl marks exit and exit_group noreturn (kernel-6.12.md §1 row 16: in 6.12, not in 6.1). */
    public boolean tableMarksNoreturn() {
        return since(6, 12);
    }

    /** The pipe's write and read methods are anon_pipe_write/anon_pipe_read (7.0), pipe_write/pipe_read before. */
    public boolean anonPipeMethods() {
        return since(6, 15);
    }

    // ---------------------------------------------------------------- the exits

    /**
     * CLEAR_CPU_BUFFERS (VERW) in the exit assembly right before SYSRET/IRET: "x86/entry_64: Add VERW
     * just before userspace transition", 6.8, backported to 6.1.y (reference §1.2 R18). Before it the
     * MDS VERW ran in C, in arch_exit_to_user_mode (5.14).
     */
    public boolean verwInExitAsm() {
        return since(6, 8) || in61Stable();
    }

    /**
     * The MDS VERW runs in C on the way out, in arch_exit_to_user_mode's mds_user_clear_cpu_buffers()
     * (asm/entry-common.h, nospec-branch.h): from the MDS fixes of 5.1 until 6.8 moved it to the exit
     * assembly.
     */
    public boolean verwInExitWork() {
        return since(5, 1) && !verwInExitAsm();
    }

    /**
     * CLEAR_CPU_BUFFERS is one ALTERNATIVE that patches in the %rip-relative VERW itself, as 6.8
     * mainline wrote it; the 6.1.y backport keeps a JMP over a fixed VERW (kernel-6.12.md §1 row 9).
     */
    public boolean verwIsOneAlternative() {
        return since(6, 8);
    }

    /**
     * SWITCH_TO_USER_CR3_STACK tests X86_FEATURE_PTI before pushing RAX, and common_interrupt_return has
     * a branch without the trampoline for PTI off plus an unconditional RPL-3 assert: the v6.8 x86/entry
     * changes (kernel-6.12.md §1 rows 10, 11; §5.3).
     */
    public boolean exitTestsPtiFirst() {
        return since(6, 8);
    }

    /** The IRET exit starts with a Xen PV ALTERNATIVE (xenpv_restore_regs_and_return_to_usermode, 5.16). */
    public boolean iretExitHasXenPvSite() {
        return since(5, 16);
    }

    /** 5.14 still spells swapgs and iretq through the paravirt macros SWAPGS and INTERRUPT_RETURN (reference §1.3). */
    public boolean paravirtSwapgsMacros() {
        return !since(5, 18);
    }

    /** The unwinder hint after the trampoline switch: UNWIND_HINT_EMPTY was renamed END_OF_STACK in 6.4 (reference §1.2). */
    public String trampolineUnwindHint() {
        return since(6, 4) ? "UNWIND_HINT_END_OF_STACK" : "UNWIND_HINT_EMPTY";
    }

    /** Config symbol behind STACKLEAK_ERASE: CONFIG_KSTACK_ERASE in 7.0, GCC_PLUGIN_STACKLEAK before (kernel-6.12.md §1 row 20). */
    public String stackleakConfig() {
        return since(6, 16) ? "CONFIG_KSTACK_ERASE" : "CONFIG_GCC_PLUGIN_STACKLEAK";
    }

    // ---------------------------------------------------------------- the other ways in (kernel-other-entries.md)

    /**
     * int $0x80 enters through the IDTENTRY stub asm_int80_emulation, error_entry and
     * do_int80_emulation (with its APIC ISR check) instead of entry_INT80_compat: "x86/entry: Convert
     * INT 0x80 emulation to IDTENTRY", 6.7, and a 6.1.y stable backport present in 6.1.158 (§1, §2.9).
     */
    public boolean int80IsIdtentry() {
        return since(6, 7) || in61Stable();
    }

    /**
     * The 32-bit SYSENTER and SYSCALL entries save the real r8-r15 through PUSH_AND_CLEAR_REGS; 5.14
     * pushed zeros for them ("x86/entry: Use PUSH_AND_CLEAR_REGS for compat", 5.19; §3.7).
     */
    public boolean compatEntriesSaveR8ToR15() {
        return since(5, 19);
    }

    /**
     * do_fast_syscall_32 returns a bool, and sysret32_from_system_call starts with {@code testb %al,%al;
     * jz} (SYSENTER jumps straight to it). 7.0 has it, 6.1 does not; the release between them that
     * made the change is not pinned, so it is decided from 7.0 (§3.7).
     */
    public boolean fastSyscall32ReturnsBool() {
        return since(7, 0);
    }

    /** do_fast_syscall_32's SYSRETL test also rejects RFLAGS.VM, with the Xen PV test in C: 7.0 (§3.7). */
    public boolean fastSyscall32ChecksVm() {
        return since(7, 0);
    }

    /** entry_SYSENTER_compat pushes pt_regs->ss as {@code $__USER_DS} (the same 0x2b) instead of __USER32_DS: 7.0 (§3.7). */
    public boolean sysenterPushesUserDs() {
        return since(7, 0);
    }

    /**
     * __kernel_vsyscall starts with {@code ALTERNATIVE "int $0x80; ret", "", X86_FEATURE_SYSFAST32}, a
     * 3-byte NOP where SYSENTER or SYSCALL is usable: 7.0 (§3.7; "x86/entry/vdso32: When using int
     * $0x80, use it directly").
     */
    public boolean vdso32StartsWithInt80Alternative() {
        return since(7, 0);
    }

    /** emulate_vsyscall treats a fault whose address is not regs->ip as a data read (X86_PF_INSTR only warns): 7.0 (§6). */
    public boolean vsyscallJudgesFetchByIp() {
        return since(7, 0);
    }
}
