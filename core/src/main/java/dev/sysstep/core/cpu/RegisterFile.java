package dev.sysstep.core.cpu;

/**
 * The live, mutable CPU that instructions change as they execute: every value and its undefined
 * bits, by {@link Reg#ordinal()}. {@link #snapshot} turns it into an immutable {@link CpuState}.
 */
public final class RegisterFile {
    private static final int COUNT = Reg.count();

    private final long[] values = new long[COUNT];
    private final long[] undefined = new long[COUNT];
    /** The last state these registers were loaded from or copied to. */
    private CpuState last;

    public RegisterFile(CpuState start) {
        load(start);
    }

    /** Replaces every register with {@code s}'s. */
    public void load(CpuState s) {
        s.copyInto(values, undefined);
        last = s;
    }

    /** An immutable copy of the registers as they are now; it shares what did not change with the last one. */
    public CpuState snapshot() {
        last = CpuState.of(values, undefined, last);
        return last;
    }


    public long get(Reg r) {
        return values[r.ordinal()];
    }

    public long undefinedBits(Reg r) {
        return undefined[r.ordinal()];
    }

    /** Sets a fully known value. */
    public void set(Reg r, long value) {
        int i = r.ordinal();
        values[i] = value;
        undefined[i] = 0;
    }

    /** Sets a value of which only the bits outside {@code undefinedMask} are known. */
    public void setPartly(Reg r, long value, long undefinedMask) {
        int i = r.ordinal();
        values[i] = value & ~undefinedMask;
        undefined[i] = undefinedMask;
    }

    /** Marks bits of {@code r} as no longer known (their value reads as 0). */
    public void undefine(Reg r, long mask) {
        int i = r.ordinal();
        values[i] &= ~mask;
        undefined[i] |= mask;
    }
}
