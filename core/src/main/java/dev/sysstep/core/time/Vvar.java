package dev.sysstep.core.time;

import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.Symbol;
import java.util.ArrayList;
import java.util.List;

/**
 * The vvar page the 64-bit vDSO reads (kernel-other-entries.md §5.1): struct vdso_data vd[0]
 * (CS_HRES_COARSE) at +0x80 and vd[1] (CS_RAW) at +0x170, with the offsets of
 * include/vdso/datapage.h as the reference derives them. What it holds is the {@link Timekeeper}'s
 * state as update_vsyscall() stores it: cycle_last, mult and shift, the high-resolution clocks'
 * nanoseconds shifted left by shift, the coarse ones not.
 */
public final class Vvar {
    /** Offset of vd[0] and vd[1] in the page, and of the fields in struct vdso_data. */
    public static final long VD0 = 0x80;
    public static final long VD1 = 0x170;
    public static final long SEQ = 0x00;
    public static final long CLOCK_MODE = 0x04;
    public static final long CYCLE_LAST = 0x08;
    public static final long MASK = 0x10;
    public static final long MULT = 0x18;
    public static final long SHIFT = 0x1c;
    public static final long BASETIME = 0x20;
    public static final long TZ_MINUTESWEST = 0xe0;
    public static final long TZ_DSTTIME = 0xe4;
    /** vdso_clock_mode values (vdso/clocksource.h, asm/vdso/clocksource.h). */
    public static final long CLOCKMODE_NONE = 0;
    public static final long CLOCKMODE_TSC = 1;

    private Vvar() {
    }

    /** basetime[clk]'s offset in struct vdso_data; its nsec follows 8 bytes later. */
    public static long basetime(ClockId c) {
        return BASETIME + 16L * c.id();
    }

    /** Which vdso_data serves a clock: vd[1] for the raw clock, vd[0] for the others. */
    public static long vdFor(ClockId c) {
        return c.served() == ClockId.Served.RAW ? VD1 : VD0;
    }

    /** One initial store into the page: where, what, and the field's name for listings. */
    public record Field(long offset, int size, long value, String name) {
        public byte[] bytes() {
            return Bytes.le(value, size);
        }
    }

    /** The page's contents on a machine whose clocksource is the TSC ({@code tscMode}) or one the vDSO cannot read. */
    public static List<Field> contents(boolean tscMode) {
        List<Field> f = new ArrayList<>();
        for (long vd : new long[] {VD0, VD1}) {
            String n = vd == VD0 ? "vd[CS_HRES_COARSE]." : "vd[CS_RAW].";
            f.add(new Field(vd + SEQ, 4, Timekeeper.SEQ, n + "seq"));
            f.add(new Field(vd + CLOCK_MODE, 4, tscMode ? CLOCKMODE_TSC : CLOCKMODE_NONE, n + "clock_mode"));
            f.add(new Field(vd + CYCLE_LAST, 8, Timekeeper.CYCLE_LAST, n + "cycle_last"));
            f.add(new Field(vd + MASK, 8, -1L, n + "mask"));
            f.add(new Field(vd + MULT, 4, Timekeeper.MULT, n + "mult"));
            f.add(new Field(vd + SHIFT, 4, Timekeeper.SHIFT, n + "shift"));
        }
        for (ClockId c : ClockId.values()) {
            if (c.served() == ClockId.Served.SYSCALL) {
                continue;
            }
            Timekeeper.Timespec t = Timekeeper.atLastTick(c);
            long nsec = c.served() == ClockId.Served.COARSE ? t.nsec() : t.nsec() << Timekeeper.SHIFT;
            String n = (c == ClockId.MONOTONIC_RAW ? "vd[CS_RAW]" : "vd[CS_HRES_COARSE]") + ".basetime[" + c.cName() + "]";
            f.add(new Field(vdFor(c) + basetime(c), 8, t.sec(), n + ".sec"));
            f.add(new Field(vdFor(c) + basetime(c) + 8, 8, nsec, n + ".nsec"));
        }
        f.add(new Field(VD0 + TZ_MINUTESWEST, 4, 0, "vd[CS_HRES_COARSE].tz_minuteswest"));
        f.add(new Field(VD0 + TZ_DSTTIME, 4, 0, "vd[CS_HRES_COARSE].tz_dsttime"));
        return f;
    }

    /** Symbols naming every field at a page base. */
    public static List<Symbol> symbols(long page, boolean tscMode) {
        List<Symbol> s = new ArrayList<>();
        for (Field f : contents(tscMode)) {
            s.add(new Symbol(page + f.offset(), f.size(), f.name()));
        }
        return s;
    }

    /**
     * What one update_vsyscall() on another CPU stores (§5.4): both seqs odd, the new tick's
     * cycle_last and base times, both seqs even again; the net change is seq + 2 and a tick that moved
     * {@link Timekeeper#WRITER_CYCLES} later, so the time read afterwards is the same instant.
     */
    public static List<Field> writerUpdate(long seq) {
        List<Field> f = new ArrayList<>();
        long advance = Timekeeper.deltaNsec(Timekeeper.CYCLE_LAST + Timekeeper.WRITER_CYCLES, Timekeeper.CYCLE_LAST);
        for (long vd : new long[] {VD0, VD1}) {
            String n = vd == VD0 ? "vd[CS_HRES_COARSE]." : "vd[CS_RAW].";
            f.add(new Field(vd + SEQ, 4, seq + 2, n + "seq"));
            f.add(new Field(vd + CYCLE_LAST, 8, Timekeeper.CYCLE_LAST + Timekeeper.WRITER_CYCLES, n + "cycle_last"));
        }
        for (ClockId c : ClockId.values()) {
            if (c.served() == ClockId.Served.SYSCALL) {
                continue;
            }
            Timekeeper.Timespec t = Timekeeper.atLastTick(c);
            long nsec = t.nsec() + advance;
            long stored = c.served() == ClockId.Served.COARSE ? nsec : nsec << Timekeeper.SHIFT;
            String n = (c == ClockId.MONOTONIC_RAW ? "vd[CS_RAW]" : "vd[CS_HRES_COARSE]") + ".basetime[" + c.cName() + "]";
            f.add(new Field(vdFor(c) + basetime(c) + 8, 8, stored, n + ".nsec"));
        }
        return f;
    }
}
