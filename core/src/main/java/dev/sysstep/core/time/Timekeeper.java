package dev.sysstep.core.time;

/**
 * The state of the kernel's clocks at the moment the simulated call runs. The reference gives the
 * formulas (kernel-other-entries.md §5.3, §5.4), not the values of any machine, so these are a
 * state we chose, the way the program's registers are: a 2 GHz TSC (mult 2^23 with shift 24 is
 * exactly 0.5 ns per cycle), a wall clock of 2025-11-26 00:00:00.25 UTC and an uptime of 25 hours,
 * the last timer tick 2,000,000 cycles (1 ms) before the counter is read. The simulated clocks do
 * not advance: the kernel, the vDSO and a retried read all see the same instant.
 */
public final class Timekeeper {
    public static final long NSEC_PER_SEC = 1_000_000_000L;
    /** tk->tkr_mono.mult and .shift for the TSC (also tkr_raw's here). */
    public static final long MULT = 1L << 23;
    public static final int SHIFT = 24;
    /** The TSC at the last tick (tkr_mono.cycle_last) and when the vDSO or the kernel reads it. */
    public static final long CYCLE_LAST = 180_000_000_000_000L;
    public static final long TSC_NOW = CYCLE_LAST + 2_000_000L;
    /** CLOCK_REALTIME at the last tick: 2025-11-26 00:00:00.25 UTC. */
    public static final long REALTIME_SEC = 1_764_115_200L;
    public static final long REALTIME_NSEC = 250_000_000L;
    /** CLOCK_MONOTONIC (and BOOTTIME: nothing was suspended) at the last tick: 25 h 2 min 3.5 s of uptime. */
    public static final long MONOTONIC_SEC = 90_123L;
    public static final long MONOTONIC_NSEC = 500_000_000L;
    /** CLOCK_MONOTONIC_RAW at the last tick (not NTP-adjusted, so a little behind). */
    public static final long RAW_SEC = 90_123L;
    public static final long RAW_NSEC = 400_000_000L;
    /** CPU time the process has used so far (task_sched_runtime). */
    public static final long PROCESS_CPUTIME_NSEC = 1_234_567L;
    /** The vDSO data's sequence count: even, so no update is in progress. */
    public static final long SEQ = 1000;
    /** What one run of update_vsyscall() moves everything by when `config vdso_retry on` interleaves it. */
    public static final long WRITER_CYCLES = 1_000_000L;

    private Timekeeper() {
    }

    /** A time as struct timespec64 holds it. */
    public record Timespec(long sec, long nsec) {
    }

    /** Nanoseconds since the last tick for a counter value: (cycles - cycle_last) * mult >> shift, 0 if it went back. */
    public static long deltaNsec(long cycles, long cycleLast) {
        return Long.compareUnsigned(cycles, cycleLast) > 0 ? ((cycles - cycleLast) * MULT) >>> SHIFT : 0;
    }

    /** Seconds and nanoseconds at the last tick of a clock the timekeeper keeps. */
    public static Timespec atLastTick(ClockId c) {
        return switch (c) {
            case REALTIME, REALTIME_COARSE -> new Timespec(REALTIME_SEC, REALTIME_NSEC);
            case MONOTONIC, BOOTTIME -> new Timespec(MONOTONIC_SEC, MONOTONIC_NSEC);
            case MONOTONIC_RAW -> new Timespec(RAW_SEC, RAW_NSEC);
            case PROCESS_CPUTIME -> new Timespec(0, PROCESS_CPUTIME_NSEC);
        };
    }

    /**
     * What the kernel's own clock functions return now (ktime_get_ts64 and friends, or the task's CPU
     * time): the last tick plus the counter's advance, except for coarse and CPU-time clocks.
     */
    public static Timespec now(ClockId c, long tsc) {
        Timespec t = atLastTick(c);
        long nsec = t.nsec();
        if (c.served() == ClockId.Served.HRES || c.served() == ClockId.Served.RAW) {
            nsec += deltaNsec(tsc, CYCLE_LAST);
        }
        return new Timespec(t.sec() + nsec / NSEC_PER_SEC, nsec % NSEC_PER_SEC);
    }
}
