package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SyscallResult;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sys_write and sys_read: the checks in the kernel's order and the driver behaviour (reference §6). */
class WriteReadTest {
    static final long EBADF = -9;
    static final long EFAULT = -14;
    static final long KERNEL_ADDRESS = 0xffff888000000000L;

    static Session run(KernelConfig c, UserProgram p, Consumer<Session> setup) {
        Session s = new Session(c, p);
        setup.accept(s);
        s.run();
        return s;
    }

    static SyscallResult write(KernelVersion v, long fd, long buf, long count, Consumer<Session> setup) {
        return run(Runs.config(v), UserProgram.syscall(1, fd, buf, count), setup).result().orElseThrow();
    }

    static List<Check> checks(Session s) {
        return Runs.steps(s).stream().flatMap(st -> st.checks().stream()).toList();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void theSeedWriteReachesTheTerminal(KernelVersion v) {
        SyscallResult r = Runs.run(Runs.config(v), UserProgram.seedWrite()).result().orElseThrow();
        assertThat(r.ret()).hasValue(3);
        assertThat(new String(r.terminal(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(r.outcome().kind()).isEqualTo(Outcome.Kind.SYSRET);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void fdIsTruncatedToThirtyTwoBits(KernelVersion v) {
        // reference §8.17: 0x100000001 is fd 1; -1 is 0xffffffff, which is not open
        assertThat(write(v, 0x1_0000_0001L, Layout.USER_MSG, 3, s -> { }).ret()).hasValue(3);
        assertThat(write(v, -1, Layout.USER_MSG, 3, s -> { }).ret()).hasValue(EBADF);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void closedFdIsEbadfFromKsysWrite(KernelVersion v) {
        Session s = run(Runs.config(v), UserProgram.syscall(1, 7, Layout.USER_MSG, 3), x -> { });
        assertThat(s.result().orElseThrow().ret()).hasValue(EBADF);
        assertThat(checks(s)).anyMatch(c -> c.id().equals("ksys_write.fdget_pos") && !c.passed());
        assertThat(Runs.onPath(s, "c.vfs_write")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void readOnlyFdIsEbadfFromVfsWrite(KernelVersion v) {
        Session s = run(Runs.config(v), UserProgram.syscall(1, 5, Layout.USER_MSG, 3),
                x -> x.openFile("/dev/null", Session.OpenMode.RDONLY, 5));
        assertThat(s.result().orElseThrow().ret()).hasValue(EBADF); // reference §8.18: not EINVAL, not EPERM
        assertThat(checks(s)).anyMatch(c -> c.id().equals("vfs_write.FMODE_WRITE") && !c.passed());
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void devNullNeverReadsTheBuffer(KernelVersion v) {
        Consumer<Session> nul = x -> x.openFile("/dev/null", Session.OpenMode.WRONLY, 5);
        assertThat(write(v, 5, 0x500000L, 10, nul).ret()).hasValue(10);   // unmapped user buffer
        assertThat(write(v, 5, 0, 10, nul).ret()).hasValue(10);           // even NULL passes access_ok
        // count above MAX_RW_COUNT is clamped silently (reference §6.3)
        assertThat(write(v, 5, 0x1000, 0x9000_0000L, nul).ret()).hasValue(0x7FFF_F000L);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void kernelPointersAndHugeCountsAreEfaultBeforeAnyWrite(KernelVersion v) {
        Consumer<Session> nul = x -> x.openFile("/dev/null", Session.OpenMode.WRONLY, 5);
        assertThat(write(v, 5, KERNEL_ADDRESS, 3, nul).ret()).hasValue(EFAULT);
        assertThat(write(v, 5, Layout.USER_MSG, 0x8000_0000_0000_0000L, nul).ret()).hasValue(EFAULT);
        assertThat(write(v, 5, Layout.USER_MSG, 0x7fff_ffff_ffffL, nul).ret()).hasValue(EFAULT);
        assertThat(write(v, 1, KERNEL_ADDRESS, 0, s -> { }).ret()).hasValue(EFAULT); // kernel pointer, count 0
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void unmappedUserBufferFaultsInTheCopy(KernelVersion v) {
        Session s = run(Runs.config(v), UserProgram.syscall(1, 1, 0x500000L, 3), x -> { });
        assertThat(s.result().orElseThrow().ret()).hasValue(EFAULT);
        assertThat(checks(s)).anyMatch(c -> c.id().equals("access_ok") && c.passed()); // access_ok passed first
        assertThat(s.result().orElseThrow().terminal()).isEmpty();
    }

    @Test
    void countZeroToATerminalIsZero() {
        assertThat(write(KernelVersion.V6_1, 1, Layout.USER_MSG, 0, s -> { }).ret()).hasValue(0);
    }

    @Test
    void pipesAndRegularFiles() {
        Session s = run(KernelConfig.defaults(), UserProgram.syscall(1, 4, Layout.USER_MSG, 3), x -> {
            x.pipe(3, 4);
            x.setMemory(Layout.USER_MSG, "hi\n".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(s.result().orElseThrow().ret()).hasValue(3);
        assertThat(new String(s.state().process().pipe(1), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(write(KernelVersion.V6_1, 3, Layout.USER_MSG, 3, x -> x.pipe(3, 4)).ret()).hasValue(EBADF);

        Session f = run(KernelConfig.defaults(), UserProgram.write(5, "hello".getBytes(StandardCharsets.UTF_8), 5),
                x -> x.openFile("/tmp/out.txt", Session.OpenMode.WRONLY, 5));
        assertThat(f.result().orElseThrow().ret()).hasValue(5);
        assertThat(new String(f.state().process().file("/tmp/out.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(f.state().process().fds().get(5).position()).isEqualTo(5);
    }

    @Test
    void readsFromNullPipeTerminalAndTheirErrors() {
        long buf = 0x426f00L;
        assertThat(run(KernelConfig.defaults(), UserProgram.syscall(0, 5, buf, 16),
                x -> x.openFile("/dev/null", Session.OpenMode.RDONLY, 5)).result().orElseThrow().ret()).hasValue(0);

        Session tty = run(KernelConfig.defaults(), UserProgram.syscall(0, 0, buf, 16),
                x -> x.setTerminalInput("abc\ndef".getBytes(StandardCharsets.UTF_8)));
        assertThat(tty.result().orElseThrow().ret()).hasValue(4);
        assertThat(new String(tty.memory().read(buf, 4), StandardCharsets.UTF_8)).isEqualTo("abc\n");
        assertThat(new String(tty.state().process().terminalInput(), StandardCharsets.UTF_8)).isEqualTo("def");

        Session empty = Runs.run(KernelConfig.defaults(), UserProgram.syscall(0, 0, buf, 16));
        assertThat(empty.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.NOT_SIMULATED);

        assertThat(run(KernelConfig.defaults(), UserProgram.syscall(0, 5, buf, 16),
                x -> x.openFile("/dev/null", Session.OpenMode.WRONLY, 5)).result().orElseThrow().ret()).hasValue(EBADF);
        // .rodata is read-only: copy_to_user faults
        assertThat(run(KernelConfig.defaults(), UserProgram.syscall(0, 0, Layout.USER_MSG, 16),
                x -> x.setTerminalInput("x\n".getBytes(StandardCharsets.UTF_8))).result().orElseThrow().ret())
                .hasValue(EFAULT);
    }
}
