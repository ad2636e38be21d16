package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.time.ClockId;
import dev.sysstep.core.time.Timekeeper;
import java.util.List;
import java.util.Optional;

/**
 * The time syscalls the vDSO falls back to and the vsyscall page emulates (kernel-other-entries.md
 * §5.3, §6): clock_gettime, gettimeofday, time and getcpu. They read the timekeeper (the simulated
 * clocks do not advance, see {@link Timekeeper}) and copy the result to user memory, where a bad
 * pointer gives -EFAULT.
 */
final class TimeHandlers extends CPhases {
    /** The handlers here, as the 64-bit table names them. */
    static final List<String> HANDLERS = List.of("__x64_sys_clock_gettime", "__x64_sys_gettimeofday", "__x64_sys_time",
            "__x64_sys_getcpu");

    private TimeHandlers(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    static void emit(Asm a, KernelConfig c, CallPath path) {
        new TimeHandlers(a, c, path).emit();
    }

    /** put_user/copy_to_user: the destination must be a mapped, writable user page. */
    private static boolean userWritable(Exec x, long address, int size) {
        if (!x.memory().isMapped(address, size)) {
            return false;
        }
        Optional<Region> r = x.memory().regionAt(address);
        return r.isPresent() && r.get().user() && r.get().writable();
    }

    /** Stores {@code values} (8 bytes each) at {@code address}, or fails with -EFAULT. */
    private boolean putUser(Exec x, String check, long address, int size, long[] values, String[] labels) {
        boolean ok = userWritable(x, address, size * values.length);
        x.check(check, ok, () -> String.format("0x%x: %s", address, ok ? "a writable user page" : "not a writable user page"),
                "returns -EFAULT");
        if (!ok) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            x.storeBytes(address + (long) size * i, Bytes.le(values[i], size), labels[i]);
        }
        return true;
    }

    private String hres() {
        return c.clocksource() == KernelConfig.Clocksource.HPET
                ? "The timekeeper reads its clocksource, the HPET (an MMIO read, not simulated),"
                : "The timekeeper reads its clocksource, the TSC,";
    }

    private void emit() {
        String posix = "kernel/time/posix-timers.c";
        phase("c." + path.stub("clock_gettime"), "clock_gettime: read the clock, copy the timespec",
                Src.c(v, posix, "SYSCALL_DEFINE2(clock_gettime)", ""),
                "clockid_to_kclock() maps the id to its k_clock (-EINVAL for an id out of range), whose "
                + "clock_get_timespec() fills a kernel timespec64. " + hres() + " and adds the time since the last tick "
                + "with the same mult and shift the vDSO uses; CPU-time clocks sum the task's runtime instead. "
                + "put_timespec64() copies it out: -EFAULT if tp is not writable.",
                path.handler(path.stub("clock_gettime")), "kc = clockid_to_kclock(which_clock); kc->clock_get_timespec(which_clock, "
                        + "&kernel_tp); put_timespec64(&kernel_tp, tp);", x -> {
                    int which = (int) arg(x, 0);
                    long tp = arg(x, 1);
                    Optional<ClockId> clock = ClockId.byId(which);
                    if (clock.isEmpty()) {
                        if (which >= 16) {
                            fail(x, "clockid_to_kclock", () -> "clock id " + which + " >= MAX_CLOCKS (16)", Errno.EINVAL);
                            return;
                        }
                        x.end(Outcome.Kind.NOT_SIMULATED, "clock id " + which + " is not one of the clocks simulated here");
                        return;
                    }
                    Timekeeper.Timespec t = Timekeeper.now(clock.get(), x.get(Reg.TSC));
                    x.note(() -> clock.get().cName() + " = " + t.sec() + "." + String.format("%09d", t.nsec()));
                    if (!putUser(x, "put_timespec64", tp, 8, new long[] {t.sec(), t.nsec()},
                            new String[] {"ts.tv_sec", "ts.tv_nsec"})) {
                        x.setLocal(Local.RET, -(long) Errno.EFAULT);
                    } else {
                        x.setLocal(Local.RET, 0L);
                    }
                    x.jump(path.afterHandler());
                });

        String time = "kernel/time/time.c";
        phase("c." + path.stub("gettimeofday"), "gettimeofday: seconds and microseconds",
                Src.c(v, time, "SYSCALL_DEFINE2(gettimeofday)", ""),
                "If tv is not NULL, ktime_get_real_ts64() reads CLOCK_REALTIME and put_user() stores tv_sec and tv_nsec / "
                + "1000; if tz is not NULL, sys_tz is copied too. Either copy failing is -EFAULT.",
                path.handler(path.stub("gettimeofday")), "ktime_get_real_ts64(&ts); put_user(ts.tv_sec, &tv->tv_sec); "
                        + "put_user(ts.tv_nsec / 1000, &tv->tv_usec);", x -> {
                    long tv = arg(x, 0);
                    long tz = arg(x, 1);
                    Timekeeper.Timespec t = Timekeeper.now(ClockId.REALTIME, x.get(Reg.TSC));
                    long ret = 0;
                    if (tv != 0 && !putUser(x, "put_user(tv)", tv, 8, new long[] {t.sec(), t.nsec() / 1000},
                            new String[] {"tv.tv_sec", "tv.tv_usec"})) {
                        ret = -Errno.EFAULT;
                    } else if (tz != 0 && !putUser(x, "copy_to_user(tz)", tz, 4, new long[] {0, 0},
                            new String[] {"tz.tz_minuteswest", "tz.tz_dsttime"})) {
                        ret = -Errno.EFAULT;
                    }
                    x.note(() -> "CLOCK_REALTIME = " + t.sec() + "." + String.format("%06d", t.nsec() / 1000) + " s");
                    x.setLocal(Local.RET, ret);
                    x.jump(path.afterHandler());
                });

        phase("c." + path.stub("time"), "time: the seconds of CLOCK_REALTIME",
                Src.c(v, time, "SYSCALL_DEFINE1(time)", ""),
                "ktime_get_real_seconds() is the wall clock's seconds at the last tick; it is the return value, and is "
                + "also stored at tloc when that is not NULL.",
                path.handler(path.stub("time")), "i = ktime_get_real_seconds(); if (tloc) put_user(i, tloc); return i;", x -> {
                    long tloc = arg(x, 0);
                    long sec = Timekeeper.REALTIME_SEC;
                    long ret = sec;
                    if (tloc != 0 && !putUser(x, "put_user(tloc)", tloc, 8, new long[] {sec}, new String[] {"*tloc"})) {
                        ret = -Errno.EFAULT;
                    }
                    x.setLocal(Local.RET, ret);
                    x.jump(path.afterHandler());
                });

        phase("c." + path.stub("getcpu"), "getcpu: which CPU and node", Src.c(v, "kernel/sys.c", "SYSCALL_DEFINE3(getcpu)", ""),
                "The simulated machine is CPU 0 of node 0: each pointer that is not NULL gets its number; a failed "
                + "store is -EFAULT.",
                path.handler(path.stub("getcpu")), "cpu = raw_smp_processor_id(); if (cpup) put_user(cpu, cpup); "
                        + "if (nodep) put_user(cpu_to_node(cpu), nodep);", x -> {
                    long cpup = arg(x, 0);
                    long nodep = arg(x, 1);
                    boolean ok = true;
                    if (cpup != 0) {
                        ok &= putUser(x, "put_user(cpup)", cpup, 4, new long[] {0}, new String[] {"*cpup"});
                    }
                    if (nodep != 0) {
                        ok &= putUser(x, "put_user(nodep)", nodep, 4, new long[] {0}, new String[] {"*nodep"});
                    }
                    x.setLocal(Local.RET, ok ? 0L : -(long) Errno.EFAULT);
                    x.jump(path.afterHandler());
                });
    }
}
