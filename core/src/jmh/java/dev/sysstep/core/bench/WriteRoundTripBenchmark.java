package dev.sysstep.core.bench;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.session.Results;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StepReport;
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
 * each round trip starts from the initial machine. Targets (issue 7): 2 µs without history, 4 µs with it.
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
        Results.Simulation r = Results.simulate(build);
        if (r.result().ret().orElse(-1) != 3) {
            throw new IllegalStateException("the benchmark's write did not return 3: " + r);
        }
    }

    /** The round trip alone: each instruction's state replaces the last, nothing is kept. */
    @Benchmark
    public Results.Simulation withoutHistory() {
        return Results.simulate(build);
    }

    /**
     * The round trip as the REPL runs it: a session that can go back to any step exactly (it keeps
     * the instructions it ran and the user's edits) and returns its report of the motion.
     */
    @Benchmark
    public StepReport withHistory() {
        Session s = new Session(build);
        return s.run();
    }

    /** As {@link #withHistory}, and then every step of the report replayed for a view: what showing the whole path costs. */
    @Benchmark
    public int withHistoryShown() {
        Session s = new Session(build);
        return s.run().steps().size();
    }
}
