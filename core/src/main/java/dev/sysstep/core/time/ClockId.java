package dev.sysstep.core.time;

import java.util.Locale;
import java.util.Optional;

/**
 * The POSIX clocks {@code program vdso clock_gettime} takes (uapi/linux/time.h), and how the vDSO
 * serves each (lib/vdso/gettimeofday.c; kernel-other-entries.md §5.3 step 2): VDSO_HRES clocks with
 * the counter, VDSO_COARSE clocks from the last tick's copy, VDSO_RAW from the second data set, and
 * everything else by the fallback syscall.
 */
public enum ClockId {
    REALTIME(0, "CLOCK_REALTIME", Served.HRES),
    MONOTONIC(1, "CLOCK_MONOTONIC", Served.HRES),
    PROCESS_CPUTIME(2, "CLOCK_PROCESS_CPUTIME_ID", Served.SYSCALL),
    MONOTONIC_RAW(4, "CLOCK_MONOTONIC_RAW", Served.RAW),
    REALTIME_COARSE(5, "CLOCK_REALTIME_COARSE", Served.COARSE),
    BOOTTIME(7, "CLOCK_BOOTTIME", Served.HRES);

    /** How __cvdso_clock_gettime_common handles a clock: its bit in VDSO_HRES, VDSO_COARSE or VDSO_RAW, or none. */
    public enum Served { HRES, COARSE, RAW, SYSCALL }

    private final int id;
    private final String cName;
    private final Served served;

    ClockId(int id, String cName, Served served) {
        this.id = id;
        this.cName = cName;
        this.served = served;
    }

    public int id() {
        return id;
    }

    /** The C name: CLOCK_MONOTONIC. */
    public String cName() {
        return cName;
    }

    public Served served() {
        return served;
    }

    /** What {@code program vdso clock_gettime} takes: monotonic, process_cputime, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ClockId> byWord(String w) {
        for (ClockId c : values()) {
            if (c.word().equals(w.toLowerCase(Locale.ROOT)) || c.cName.equalsIgnoreCase(w)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static Optional<ClockId> byId(long id) {
        for (ClockId c : values()) {
            if (c.id == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
