package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SyscallResult;
import dev.sysstep.core.syscall.SyscallTable;
import dev.sysstep.core.user.UserProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** do_syscall_64's dispatch rules (reference §5.1, §3.6, §7). */
class DispatchTest {
    static final long ENOSYS = -38;

    static SyscallResult run(KernelConfig c, long nr, long... args) {
        return Runs.run(c, UserProgram.syscall(nr, args)).result().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void nrSyscallsIsHighestPlusOne(KernelVersion v) {
        int expected = switch (v) {
            case V5_14 -> 448;
            case V6_1 -> 451;
            case V6_12 -> 463; // kernel-6.12.md §6.1
            case V7_0 -> 472;
        };
        assertThat(v.nrSyscalls()).isEqualTo(expected);
        String last = switch (v) {
            case V5_14 -> "memfd_secret";
            case V6_1 -> "set_mempolicy_home_node";
            case V6_12 -> "mseal"; // kernel-6.12.md §6.1
            case V7_0 -> "rseq_slice_yield";
        };
        assertThat(SyscallTable.of(v).entry(expected - 1).orElseThrow().name()).isEqualTo(last);
    }

    @Test
    void tableStartIsTheReferenceSection7Table() {
        SyscallTable t = SyscallTable.of(KernelVersion.V6_1);
        String[] names = {"read", "write", "open", "close", "stat", "fstat", "lstat", "poll", "lseek", "mmap",
            "mprotect", "munmap", "brk", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "ioctl", "pread64",
            "pwrite64", "readv"};
        for (int i = 0; i < names.length; i++) {
            assertThat(t.entry(i).orElseThrow().name()).isEqualTo(names[i]);
        }
        assertThat(t.entry(13).orElseThrow().abi()).isEqualTo("64");
        assertThat(t.entry(39).orElseThrow().name()).isEqualTo("getpid");
        assertThat(t.entry(231).orElseThrow().name()).isEqualTo("exit_group");
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void highBitsOfRaxAreIgnored(KernelVersion v) {
        Session s = new Session(Runs.config(v), UserProgram.syscall(0x1_0000_0001L, 1, Layout.USER_MSG, 0));
        s.run();
        assertThat(s.result().orElseThrow().ret()).hasValue(0);
        int p = Runs.before(s, "entry.call_do_syscall_64");
        assertThat(Runs.memAt(s, p, Layout.ptRegs(v) + 120)).isEqualTo(0x1_0000_0001L); // orig_ax keeps 64 bits
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void minusOneCallsNothingAndKeepsEnosys(KernelVersion v) {
        Session s = Runs.run(Runs.config(v), UserProgram.syscall(-1));
        assertThat(s.result().orElseThrow().ret()).hasValue(ENOSYS);
        assertThat(Runs.onPath(s, "c.store_ax")).isFalse();
        assertThat(Runs.steps(s).stream().filter(st -> st.phase().id().equals("c.no_handler"))
                .flatMap(st -> st.writes().stream())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void outOfRangeNumbersGetEnosysFromNiSyscall(KernelVersion v) {
        for (long nr : new long[] {1000, -2, 0x7fffffffL, 512, 547, 0x3fffffffL}) {
            SyscallResult r = run(Runs.config(v), nr);
            assertThat(r.ret()).as("nr %d", nr).hasValue(ENOSYS);
            assertThat(r.errno()).contains("ENOSYS");
        }
    }

    @Test
    void numbersAddedAfterAVersionAreEnosysThereAndDispatchedLater() {
        // 451 cachestat: >= NR_syscalls on 6.1, a valid number on 7.0 (not simulated)
        assertThat(run(Runs.config(KernelVersion.V6_1), 451).ret()).hasValue(ENOSYS);
        SyscallResult r = run(Runs.config(KernelVersion.V7_0), 451);
        assertThat(r.outcome().kind()).isEqualTo(Outcome.Kind.NOT_SIMULATED);
        assertThat(r.outcome().description()).contains("__x64_sys_cachestat");
        // 448 process_mrelease: 6.1 has it, 5.14 does not
        assertThat(run(Runs.config(KernelVersion.V5_14), 448).ret()).hasValue(ENOSYS);
        assertThat(run(Runs.config(KernelVersion.V6_1), 448).outcome().description()).contains("__x64_sys_process_mrelease");
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void gapsAndEmptyEntriesInsideTheTableAreNiSyscall(KernelVersion v) {
        // 400 lies in the 387..423 gap; 174 create_module has no entry point (reference §7: gaps are sys_ni_syscall)
        for (long nr : new long[] {400, 174, 183}) {
            Session s = Runs.run(Runs.config(v), UserProgram.syscall(nr));
            assertThat(s.result().orElseThrow().ret()).as("nr %d", nr).hasValue(ENOSYS);
            assertThat(Runs.onPath(s, "c.__x64_sys_ni_syscall")).isTrue();
        }
    }

    @Test
    void dispatchIsATableIn514AndASwitchLater() {
        Session s514 = Runs.run(Runs.config(KernelVersion.V5_14), UserProgram.seedWrite());
        Session s61 = Runs.run(Runs.config(KernelVersion.V6_1), UserProgram.seedWrite());
        assertThat(s514.code().phaseById("c.dispatch").orElseThrow().insns().get(0).text()).contains("sys_call_table[unr]");
        assertThat(s61.code().phaseById("c.dispatch").orElseThrow().insns().get(0).text()).contains("x64_sys_call");
    }

    @Test
    void x32NumbersWorkOnlyWithX32() {
        KernelConfig off = KernelConfig.defaults();
        KernelConfig on = off.withX32(true);
        long x32write = 0x4000_0001L;
        assertThat(run(off, x32write, 1, Layout.USER_MSG, 0).ret()).hasValue(ENOSYS);
        assertThat(run(on, x32write, 1, Layout.USER_MSG, 0).ret()).hasValue(0);
        // 13 rt_sigaction is 64-only: a gap in the x32 table
        assertThat(run(on, 0x4000_0000L + 13).ret()).hasValue(ENOSYS);
        // 512 is an x32 compat entry: __x64_compat_sys_rt_sigaction (kernel-6.12.md §6.2), dispatched, not simulated
        assertThat(run(on, 0x4000_0000L + 512).outcome().description()).contains("__x64_compat_sys_rt_sigaction");
        // a 64-bit process calling 512 without the x32 bit gets -ENOSYS even with x32 on
        assertThat(run(on, 512).ret()).hasValue(ENOSYS);
    }

    @Test
    void validNumbersWhoseBodyIsNotSimulatedSaySo() {
        SyscallResult r = run(KernelConfig.defaults(), 2, 0x47cfc4L, 0);
        assertThat(r.outcome().kind()).isEqualTo(Outcome.Kind.NOT_SIMULATED);
        assertThat(r.outcome().description()).contains("__x64_sys_open").contains("not simulated");
        assertThat(r.syscall()).isEqualTo("open");
    }

    @Test
    void getpidAndExitGroup() {
        assertThat(run(KernelConfig.defaults(), 39).ret()).hasValue(4242);
        SyscallResult exit = run(KernelConfig.defaults(), 231, 300);
        assertThat(exit.outcome().kind()).isEqualTo(Outcome.Kind.EXITED);
        assertThat(exit.exitStatus()).contains(300 & 0xff);
        assertThat(exit.ret()).isEmpty();
    }
}
