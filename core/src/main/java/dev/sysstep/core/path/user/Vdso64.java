package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.time.ClockId;
import dev.sysstep.core.time.Timekeeper;
import dev.sysstep.core.time.Vvar;
import java.util.List;

/**
 * The 64-bit vDSO's time functions (kernel-other-entries.md §5): __vdso_clock_gettime,
 * __vdso_gettimeofday and __vdso_time, compiled C from lib/vdso/gettimeofday.c that runs in user
 * mode and reads the vvar page; one C statement per step, with the counter read (rdtscp) and the
 * fallback syscall as instructions. The vDSO's addresses were not observed: its mapping is placed
 * at an illustrative address, and the compiled code runs without addresses except where a return
 * must land (the fallback syscall and the instruction after it).
 */
public final class Vdso64 {
    /** Illustrative: where [vdso] and, four pages below, [vvar] are mapped (§5.1 gives the layout, not the address). */
    public static final long VDSO = 0x7ffff7fc1000L;
    public static final long VVAR = VDSO - 4 * 0x1000L;
    /** Illustrative entry points and fallback syscall instructions. */
    public static final long CLOCK_GETTIME = VDSO + 0x600;
    public static final long GETTIMEOFDAY = VDSO + 0x400;
    public static final long TIME = VDSO + 0x580;
    private static final long CLOCK_GETTIME_FALLBACK = VDSO + 0x6d0;
    private static final long GETTIMEOFDAY_FALLBACK = VDSO + 0x4e0;
    private static final String GTOD = "lib/vdso/gettimeofday.c";

    private final Asm a;
    private final KernelConfig c;
    private final KernelVersion v;
    private final List<String> frames;
    private final String fn;

    private Vdso64(Asm a, KernelConfig c, String fn) {
        this.a = a;
        this.c = c;
        this.v = c.version();
        this.fn = fn;
        this.frames = List.of("__vdso_" + fn, "main");
    }

    /** The address of a vDSO function the program calls: clock_gettime, gettimeofday or time. */
    public static long entry(String function) {
        return switch (function) {
            case "clock_gettime" -> CLOCK_GETTIME;
            case "gettimeofday" -> GETTIMEOFDAY;
            default -> TIME;
        };
    }

    public static void emit(Asm a, KernelConfig c, String function) {
        new Vdso64(a, c, function).emit();
    }

    private SourceRef src(String symbol) {
        return Src.c(v, GTOD, symbol, "");
    }

    private List<String> in(String inner) {
        List<String> out = new java.util.ArrayList<>();
        out.add(inner);
        out.addAll(frames);
        return out;
    }

    private void c(String id, String title, SourceRef src, String text, List<String> chain, String line,
                   dev.sysstep.core.code.Effect e) {
        a.phase(id, title, PhaseKind.C, src, text, chain);
        a.label(id);
        a.emitC(-1, line, "", e);
    }

    private void emit() {
        a.landingAt(entry(fn));
        a.unplaced();
        switch (fn) {
            case "clock_gettime" -> emitClockGettime();
            case "gettimeofday" -> emitGettimeofday();
            default -> emitTime();
        }
        a.phase("vdso.ret", "ret: back to the program", PhaseKind.USER, Src.c(v, GTOD, "__vdso_" + fn, ""),
                "The vDSO function returns like any function: RET pops the return address the program's call pushed.",
                frames);
        a.label("vdso.ret");
        UserInsns.ret(a, "");
    }

    /** Compiled C may change every caller-saved register (x86-64 psABI): once the arguments are read, they are unknown. */
    private static void cCall(Exec x) {
        for (Reg r : new Reg[] {Reg.RAX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9, Reg.R10, Reg.R11}) {
            x.undefine(r, -1L);
        }
        x.undefine(Reg.RFLAGS, dev.sysstep.core.cpu.RFlags.ARITH);
    }

    /** The result in RAX, then on to the RET. */
    private static void returns(Exec x, long value) {
        x.set(Reg.RAX, value);
        x.jump("vdso.ret");
    }

    private void emitClockGettime() {
        c("vdso.__vdso_clock_gettime", "__vdso_clock_gettime: which way serves this clock?", src("__cvdso_clock_gettime_common"),
                "The vDSO serves a clock only if it can: CLOCK_REALTIME, MONOTONIC, BOOTTIME and TAI read the counter "
                + "(VDSO_HRES), the COARSE clocks copy the last tick's time, MONOTONIC_RAW reads the counter with the "
                + "second data set vd[1]; anything else, the CPU-time clocks among them, returns -1, and the caller "
                + "falls back to the real syscall. No vDSO function exists for getpid: glibc's getpid is a plain "
                + "syscall.", frames,
                "if ((u32)clock >= MAX_CLOCKS) return -1; msk = BIT(clock); if (msk & VDSO_HRES) vd = &vd[CS_HRES_COARSE]; ...",
                x -> {
                    long clock = x.get(Reg.RDI) & 0xFFFF_FFFFL;
                    var id = ClockId.byId(clock);
                    x.setLocal(Local.NR, clock);
                    x.setLocal(Local.BUF, x.get(Reg.RSI));
                    cCall(x);
                    if (clock >= 16 || id.isEmpty() || id.get().served() == ClockId.Served.SYSCALL) {
                        x.note(() -> "clock " + clock + (clock >= 16 ? " >= MAX_CLOCKS" : id.map(i -> " (" + i.cName()
                                + ")").orElse("") + " is not served by the vDSO") + ": return -1, the fallback");
                        x.jump("vdso.fallback");
                        return;
                    }
                    ClockId cl = id.get();
                    x.setLocal(Local.VDSO_VD, Vvar.vdFor(cl));
                    x.note(() -> cl.cName() + ": " + cl.served() + " via " + (cl == ClockId.MONOTONIC_RAW ? "vd[CS_RAW]"
                            : "vd[CS_HRES_COARSE]"));
                    x.jump(cl.served() == ClockId.Served.COARSE ? "vdso.do_coarse" : "vdso.do_hres.read_seq");
                });
        emitHres();
        emitCoarse();
        c("vdso.store_ts", "ts = {sec, ns}: return 0", src("do_hres"),
                "The nanoseconds may exceed a second: __iter_div_u64_rem() carries whole seconds into tv_sec with a "
                + "subtraction loop (no 64-bit division in the vDSO). The stores are ordinary user-mode writes to the "
                + "program's struct timespec.", in("do_hres"),
                "ts->tv_sec = sec + __iter_div_u64_rem(ns, NSEC_PER_SEC, &ns); ts->tv_nsec = ns; return 0;", x -> {
                    long ns = x.local(Local.VDSO_NS);
                    long sec = x.local(Local.VDSO_SEC) + Long.divideUnsigned(ns, Timekeeper.NSEC_PER_SEC);
                    long rest = Long.remainderUnsigned(ns, Timekeeper.NSEC_PER_SEC);
                    long ts = x.local(Local.BUF);
                    x.store(ts, sec, 8, "ts.tv_sec");
                    x.store(ts + 8, rest, 8, "ts.tv_nsec");
                    x.note(() -> "ts = {" + sec + ", " + rest + "}");
                    returns(x, 0);
                });
        fallback("clock_gettime", 228, CLOCK_GETTIME_FALLBACK, "clock_gettime_fallback");
    }

    /** do_hres (§5.3 step 3): the seqcount loop around the counter read and the arithmetic. */
    private void emitHres() {
        SourceRef hres = src("do_hres");
        List<String> chain = in("do_hres");
        c("vdso.do_hres.read_seq", "seq = READ_ONCE(vd->seq)", hres,
                "The kernel's writer makes seq odd while it updates the data and even again when done. An odd seq means "
                + "an update is in progress: spin with cpu_relax() (pause) until it is even (or, in a time namespace, "
                + "go to do_hres_timens). smp_rmb() after it is only a compiler barrier on x86.", chain,
                "while (unlikely((seq = READ_ONCE(vd->seq)) & 1)) cpu_relax(); smp_rmb();", x -> {
                    long vd = x.local(Local.VDSO_VD);
                    long seq = x.load(Vdso64.VVAR + vd + Vvar.SEQ, 4);
                    if ((seq & 1) != 0) {
                        x.end(Outcome.Kind.NOT_SIMULATED, "seq is odd and nothing in this simulation finishes the "
                                + "update: the loop would spin forever");
                        return;
                    }
                    x.setLocal(Local.VDSO_SEQ, seq);
                    x.note(() -> "seq = " + seq + ": even, no update in progress");
                });
        c("vdso.read_counter", "cycles = __arch_get_hw_counter(vd->clock_mode)", src("__arch_get_hw_counter"),
                "vdso_clocksource_ok() is always true on x86, so the clock mode is tested by the counter read itself "
                + "(asm/vdso/gettimeofday.h): with the TSC it is rdtsc_ordered(), with PVCLOCK or HVCLOCK a page read; "
                + "anything else, NONE among them, gives U64_MAX, which vdso_cycles_ok() rejects as negative.",
                chain, "if (likely(clock_mode == VDSO_CLOCKMODE_TSC)) return (u64)rdtsc_ordered(); ... return U64_MAX;", x -> {
                    long vd = x.local(Local.VDSO_VD);
                    long mode = x.load(Vdso64.VVAR + vd + Vvar.CLOCK_MODE, 4);
                    if (mode == Vvar.CLOCKMODE_TSC) {
                        x.note("clock_mode = VDSO_CLOCKMODE_TSC (1): read the TSC");
                        x.jump("vdso.rdtscp");
                        return;
                    }
                    x.note(() -> "clock_mode = " + mode + (mode == Vvar.CLOCKMODE_NONE ? " (VDSO_CLOCKMODE_NONE)" : "")
                            + ": cycles = U64_MAX; vdso_cycles_ok() fails: return -1");
                    x.jump("vdso.fallback");
                });
        a.phase("vdso.rdtscp", "rdtscp: read the time-stamp counter", PhaseKind.USER,
                Src.c(v, "arch/x86/include/asm/msr.h", "rdtsc_ordered", ""),
                "rdtsc_ordered() is ALTERNATIVE_2(\"rdtsc\", \"lfence; rdtsc\", LFENCE_RDTSC, \"rdtscp\", RDTSCP): the later "
                + "alternative wins, so a CPU with RDTSCP runs rdtscp, patched into the vDSO image at boot. It returns "
                + "the TSC in EDX:EAX, and IA32_TSC_AUX (cpu and node) in ECX, which is clobbered.", chain);
        a.label("vdso.rdtscp");
        a.emit("rdtscp", 3, "EDX:EAX = TSC, ECX = TSC_AUX", x -> {
            long tsc = x.get(Reg.TSC);
            x.set(Reg.RAX, tsc & 0xFFFF_FFFFL);
            x.set(Reg.RDX, tsc >>> 32);
            x.set(Reg.RCX, x.get(Reg.TSC_AUX) & 0xFFFF_FFFFL);
        });
        c("vdso.do_hres.ns", "ns = (basetime.nsec + (cycles - cycle_last) * mult) >> shift", hres,
                "basetime holds the last tick's time, its nanoseconds shifted left by shift. The counter's advance "
                + "since that tick times mult, added and shifted right by shift, gives nanoseconds: a multiply and a "
                + "shift instead of a division. x86's vdso_calc_delta returns 0 if the counter is behind cycle_last, "
                + "and does not apply the mask.", chain,
                "cycles = (u64)edx << 32 | eax; ns = vdso_ts->nsec; last = vd->cycle_last; ns += vdso_calc_delta(cycles, "
                        + "last, vd->mask, vd->mult); ns >>= vd->shift; sec = vdso_ts->sec;", x -> {
                    long cycles = (x.get(Reg.RDX) << 32) | (x.get(Reg.RAX) & 0xFFFF_FFFFL);
                    long vd = x.local(Local.VDSO_VD);
                    ClockId cl = ClockId.byId(x.local(Local.NR)).orElseThrow();
                    long base = Vdso64.VVAR + vd + Vvar.basetime(cl);
                    long nsec = x.load(base + 8, 8);
                    long last = x.load(Vdso64.VVAR + vd + Vvar.CYCLE_LAST, 8);
                    long mult = x.load(Vdso64.VVAR + vd + Vvar.MULT, 4);
                    int shift = (int) x.load(Vdso64.VVAR + vd + Vvar.SHIFT, 4);
                    long sec = x.load(base, 8);
                    long delta = Long.compareUnsigned(cycles, last) > 0 ? (cycles - last) * mult : 0;
                    long ns = (nsec + delta) >>> shift;
                    x.setLocal(Local.VDSO_CYCLES, cycles);
                    x.setLocal(Local.VDSO_NS, ns);
                    x.setLocal(Local.VDSO_SEC, sec);
                    x.note(() -> String.format("cycles = %d, cycle_last = %d: (%d + %d * %d) >> %d = %d ns; sec = %d",
                            cycles, last, nsec, cycles - last, mult, shift, ns, sec));
                });
        c("vdso.do_hres.retry", "if (vd->seq != seq) try again", hres,
                "smp_rmb() and a second read of seq: if the writer ran meanwhile, everything read may be a mix of old "
                + "and new, so the loop goes round again. " + (c.vdsoRetry()
                        ? "config vdso_retry is on: another CPU's update_vsyscall() runs once, right now, before this read."
                        : "Nothing writes here unless `config vdso_retry on` lets the kernel's writer run once."), chain,
                "smp_rmb(); } while (unlikely(vdso_read_retry(vd, seq)));", x -> {
                    if (c.vdsoRetry() && x.locals().get(Local.VDSO_WRITER_RAN).isEmpty()) {
                        for (Vvar.Field f : Vvar.writerUpdate(x.local(Local.VDSO_SEQ))) {
                            x.storeBytes(Vdso64.VVAR + f.offset(), f.bytes(), f.name());
                        }
                        x.setLocal(Local.VDSO_WRITER_RAN, true);
                        x.note("meanwhile, CPU 1's timer tick ran update_vsyscall(): seq went odd and even again (+2), "
                                + "with a new cycle_last and base times");
                    }
                    long seq = x.load(Vdso64.VVAR + x.local(Local.VDSO_VD) + Vvar.SEQ, 4);
                    long was = x.local(Local.VDSO_SEQ);
                    boolean same = seq == was;
                    x.check("vdso_read_retry", same, () -> "seq " + was + (same ? " is unchanged" : " became " + seq),
                            "the loop goes round again");
                    if (!same) {
                        x.jump("vdso.do_hres.read_seq");
                    } else {
                        x.jump("vdso.store_ts");
                    }
                });
    }

    /** do_coarse (§5.3 step 2): the last tick's time, in a seq loop, no counter. */
    private void emitCoarse() {
        SourceRef coarse = src("do_coarse");
        List<String> chain = in("do_coarse");
        c("vdso.do_coarse", "do_coarse: copy the last tick's time", coarse,
                "A COARSE clock is the time of the last tick: no counter read, no multiply. Its base time is stored "
                + "unshifted. The same seq loop protects the copy.", chain,
                "do { seq = vdso_read_begin(vd); ts->tv_sec = vdso_ts->sec; ts->tv_nsec = vdso_ts->nsec; } "
                        + "while (unlikely(vdso_read_retry(vd, seq)));", x -> {
                    long vd = x.local(Local.VDSO_VD);
                    long seq = x.load(Vdso64.VVAR + vd + Vvar.SEQ, 4);
                    ClockId cl = ClockId.byId(x.local(Local.NR)).orElseThrow();
                    long base = Vdso64.VVAR + vd + Vvar.basetime(cl);
                    long sec = x.load(base, 8);
                    long nsec = x.load(base + 8, 8);
                    x.setLocal(Local.VDSO_SEQ, seq);
                    x.setLocal(Local.VDSO_SEC, sec);
                    x.setLocal(Local.VDSO_NS, nsec);
                    x.note(() -> "seq = " + seq + "; basetime = {" + sec + ", " + nsec + "}");
                    x.jump("vdso.store_ts");
                });
    }

    /**
     * The fallback (asm/vdso/gettimeofday.h): an inline syscall from the vDSO with the number in EAX,
     * RCX and R11 clobbered; its RAX (0 or -errno) is the function's return value.
     */
    private void fallback(String name, int nr, long syscallAt, String symbol) {
        SourceRef src = Src.c(v, "arch/x86/include/asm/vdso/gettimeofday.h", symbol, "");
        c("vdso.fallback", symbol + ": a real syscall", src,
                "The vDSO cannot answer, so it makes the syscall itself: " + name + " is " + nr + " in the 64-bit table, "
                + "the arguments stay in RDI and RSI. The compiler's register moves are one step here. This enters the "
                + "kernel through entry_SYSCALL_64 like any syscall, from the vDSO's address.", in(symbol),
                "asm (\"syscall\" : \"=a\" (ret) : \"0\" (__NR_" + name + "), \"D\" (_clkid), \"S\" (_ts) : \"rcx\", \"r11\", \"memory\");",
                x -> {
                    if (name.equals("gettimeofday")) {
                        x.set(Reg.RDI, x.local(Local.BUF));
                        x.set(Reg.RSI, 0);
                    } else {
                        x.set(Reg.RDI, x.local(Local.NR));
                        x.set(Reg.RSI, x.local(Local.BUF));
                    }
                    x.set(Reg.RAX, nr);
                });
        a.org(syscallAt);
        a.phase("vdso.syscall", "syscall: into the kernel from the vDSO", PhaseKind.HARDWARE, Src.sdm("SYSCALL"),
                "The same SYSCALL as any program's: RCX = the next instruction in the vDSO, R11 = RFLAGS, on to "
                + "entry_SYSCALL_64. The vDSO's address is illustrative.", in(symbol));
        UserInsns.syscall(a, "");
        a.landingAt(syscallAt + 2);
        a.unplaced();
        c("vdso.fallback_return", "return the syscall's result", src,
                "RAX is the kernel's result, 0 or -errno; the vDSO returns it as it is, and glibc's wrapper turns a "
                + "negative value into errno.", in(symbol), "return ret;", x -> x.jump("vdso.ret"));
    }

    private void emitGettimeofday() {
        c("vdso.__vdso_gettimeofday", "__vdso_gettimeofday: CLOCK_REALTIME, in microseconds", src("__cvdso_gettimeofday_data"),
                "With tv not NULL, do_hres() reads CLOCK_REALTIME exactly as clock_gettime does, falling back to the "
                + "gettimeofday syscall (96) if it cannot; tv_usec is the nanoseconds divided by 1000. With tz not "
                + "NULL the time zone fields are copied from vd[0].", frames,
                "if (likely(tv != NULL)) { if (do_hres(&vd[CS_HRES_COARSE], CLOCK_REALTIME, &ts)) return gettimeofday_fallback(tv, tz); ...",
                x -> {
                    x.setLocal(Local.BUF, x.get(Reg.RDI));
                    x.setLocal(Local.NR, (long) ClockId.REALTIME.id());
                    x.setLocal(Local.VDSO_VD, Vvar.VD0);
                    if (x.get(Reg.RSI) != 0) {
                        x.end(Outcome.Kind.NOT_SIMULATED, "gettimeofday with a struct timezone is not simulated");
                        return;
                    }
                    boolean noTv = x.get(Reg.RDI) == 0;
                    cCall(x);
                    if (noTv) {
                        returns(x, 0);
                        return;
                    }
                    x.jump("vdso.do_hres.read_seq");
                });
        emitHres();
        c("vdso.store_ts", "tv = {sec, ns / 1000}: return 0", src("__cvdso_gettimeofday_data"),
                "The whole seconds carry as in clock_gettime; tv_usec = (u32)ts.tv_nsec / NSEC_PER_USEC.", in("__cvdso_gettimeofday_data"),
                "tv->tv_sec = ts.tv_sec; tv->tv_usec = (u32)ts.tv_nsec / NSEC_PER_USEC; return 0;", x -> {
                    long ns = x.local(Local.VDSO_NS);
                    long sec = x.local(Local.VDSO_SEC) + Long.divideUnsigned(ns, Timekeeper.NSEC_PER_SEC);
                    long usec = Long.remainderUnsigned(ns, Timekeeper.NSEC_PER_SEC) / 1000;
                    long tv = x.local(Local.BUF);
                    x.store(tv, sec, 8, "tv.tv_sec");
                    x.store(tv + 8, usec, 8, "tv.tv_usec");
                    x.note(() -> "tv = {" + sec + ", " + usec + "}");
                    returns(x, 0);
                });
        fallback("gettimeofday", 96, GETTIMEOFDAY_FALLBACK, "gettimeofday_fallback");
    }

    private void emitTime() {
        c("vdso.__vdso_time", "__vdso_time: the seconds of the last tick", src("__cvdso_time_data"),
                "time() needs no counter and no loop: one READ_ONCE of vd[CS_HRES_COARSE].basetime[CLOCK_REALTIME].sec, "
                + "stored at t when t is not NULL and returned. (In a time namespace clock_mode would say TIMENS and "
                + "the namespace page would be read instead.)", frames,
                "t = READ_ONCE(vd[CS_HRES_COARSE].basetime[CLOCK_REALTIME].sec); if (time) *time = t; return t;", x -> {
                    long t = x.load(Vdso64.VVAR + Vvar.VD0 + Vvar.basetime(ClockId.REALTIME), 8);
                    long p = x.get(Reg.RDI);
                    cCall(x);
                    if (p != 0) {
                        x.store(p, t, 8, "*t");
                    }
                    x.note(() -> "t = " + t);
                    returns(x, t);
                });
    }

    /** The vvar page and the vDSO's mapping, and the vvar data as update_vsyscall() left it. */
    public static void setUp(dev.sysstep.core.path.Setup s, KernelConfig c) {
        boolean tsc = c.clocksource() == KernelConfig.Clocksource.TSC;
        s.userRegion(new dev.sysstep.core.memory.Region("[vvar]", VVAR, VDSO, true, false, false));
        s.userRegion(new dev.sysstep.core.memory.Region("[vdso]", VDSO, VDSO + 2 * 0x1000L, true, false, false));
        for (Vvar.Field f : Vvar.contents(tsc)) {
            s.init(VVAR + f.offset(), f.bytes(), f.name());
        }
        s.symbols(Vvar.symbols(VVAR, tsc));
        byte[] syscall = {0x0f, 0x05};
        s.init(CLOCK_GETTIME_FALLBACK, syscall, "syscall");
        s.init(GETTIMEOFDAY_FALLBACK, syscall, "syscall");
    }
}
