package dev.sysstep.core.bench;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SyscallResult;
import dev.sysstep.core.user.UserProgram;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One complete simulated write(1, "hi\n", 3) on the default profile: the user prelude, SYSCALL,
 * every instruction of entry_SYSCALL_64, the C phases, the SYSRET checks, SYSRET and the user
 * instruction after it (124 instructions). The code is built once, as a session builds it once;
 * each round trip starts from the initial machine. Target (issue 4): under 2 µs per round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class WriteRoundTripBenchmark {
    private LinuxPath.Build build;

    @Setup(Level.Trial)
    public void build() {
        build = LinuxPath.build(KernelConfig.defaults(), UserProgram.seedWrite());
        SyscallResult r = Session.simulate(build, null);
        if (r.ret().orElse(-1) != 3) {
            throw new IllegalStateException("the benchmark's write did not return 3: " + r);
        }
    }

    /** The round trip alone: each instruction's state replaces the last, nothing is kept. */
    @Benchmark
    public SyscallResult withoutHistory() {
        return Session.simulate(build, null);
    }

    /** The round trip as the REPL runs it: every snapshot and store kept, so `back` can restore it. */
    @Benchmark
    public Session withHistory() {
        Session s = new Session(build);
        s.run();
        return s;
    }
}
