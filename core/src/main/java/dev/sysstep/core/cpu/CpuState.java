package dev.sysstep.core.cpu;

import java.util.Arrays;

/**
 * An immutable snapshot of the CPU: every {@link Reg} value, plus which bits of each value the
 * simulation does not know (registers that compiled C code clobbers, for example). A bit that is
 * undefined reads as 0 in {@link #get}; callers that show values ask {@link #undefinedBits}.
 *
 * <p>A session keeps one state per instruction, so the representation is built for sharing: the
 * values are split in two arrays, the general registers with RIP and RFLAGS (which most
 * instructions change) and the rest (selectors, control registers, MSRs, which few do), and an
 * instruction copies only the half it writes. Undefined masks are absent while everything is known.
 */
public final class CpuState {
    /** Registers before this ordinal live in the first half. */
    static final int SPLIT = Reg.CS.ordinal();
    private static final int COUNT = Reg.count();

    private final long[] low;
    private final long[] high;
    private final long[] undefinedLow;
    private final long[] undefinedHigh;

    private CpuState(long[] low, long[] high, long[] undefinedLow, long[] undefinedHigh) {
        this.low = low;
        this.high = high;
        this.undefinedLow = undefinedLow;
        this.undefinedHigh = undefinedHigh;
    }

    /**
     * A state with these values and undefined masks (indexed by {@link Reg#ordinal()}; copied). A half
     * (before {@link #SPLIT}, or from it on) that is the same as in {@code previous} shares its arrays;
     * {@code previous} itself comes back when nothing differs.
     */
    static CpuState of(long[] values, long[] undefined, CpuState previous) {
        boolean lowChanged = previous == null || !previous.sameHalf(values, undefined, 0, SPLIT);
        boolean highChanged = previous == null || !previous.sameHalf(values, undefined, SPLIT, COUNT);
        if (!lowChanged && !highChanged) {
            return previous;
        }
        return new CpuState(
                lowChanged ? Arrays.copyOfRange(values, 0, SPLIT) : previous.low,
                highChanged ? Arrays.copyOfRange(values, SPLIT, COUNT) : previous.high,
                lowChanged ? masks(undefined, 0, SPLIT) : previous.undefinedLow,
                highChanged ? masks(undefined, SPLIT, COUNT) : previous.undefinedHigh);
    }

    private boolean sameHalf(long[] values, long[] undefined, int from, int to) {
        long[] v = from == 0 ? low : high;
        long[] u = from == 0 ? undefinedLow : undefinedHigh;
        for (int i = from; i < to; i++) {
            if (v[i - from] != values[i] || (u == null ? 0 : u[i - from]) != undefined[i]) {
                return false;
            }
        }
        return true;
    }

    /** A copy of {@code undefined[from..to)}, or null when it is all zero. */
    private static long[] masks(long[] undefined, int from, int to) {
        for (int i = from; i < to; i++) {
            if (undefined[i] != 0) {
                return Arrays.copyOfRange(undefined, from, to);
            }
        }
        return null;
    }

    /** Copies every value and undefined mask into arrays indexed by {@link Reg#ordinal()}. */
    void copyInto(long[] values, long[] undefined) {
        System.arraycopy(low, 0, values, 0, SPLIT);
        System.arraycopy(high, 0, values, SPLIT, COUNT - SPLIT);
        if (undefinedLow == null) {
            Arrays.fill(undefined, 0, SPLIT, 0);
        } else {
            System.arraycopy(undefinedLow, 0, undefined, 0, SPLIT);
        }
        if (undefinedHigh == null) {
            Arrays.fill(undefined, SPLIT, COUNT, 0);
        } else {
            System.arraycopy(undefinedHigh, 0, undefined, SPLIT, COUNT - SPLIT);
        }
    }

    public static CpuState zero() {
        return new CpuState(new long[SPLIT], new long[COUNT - SPLIT], null, null);
    }

    public long get(Reg r) {
        int i = r.ordinal();
        return i < SPLIT ? low[i] : high[i - SPLIT];
    }

    /** Bits of {@code r} whose value is not simulated; 0 when the whole value is known. */
    public long undefinedBits(Reg r) {
        int i = r.ordinal();
        long[] u = i < SPLIT ? undefinedLow : undefinedHigh;
        return u == null ? 0 : u[i < SPLIT ? i : i - SPLIT];
    }

    public boolean isDefined(Reg r) {
        return undefinedBits(r) == 0;
    }

    /** The value of {@code r} with the bits the simulation does not know. */
    public Value value(Reg r) {
        return new Value(get(r), undefinedBits(r));
    }

    public int cpl() {
        return (int) get(Reg.CPL);
    }

    public CpuState with(Reg r, long value) {
        return toBuilder().set(r, value).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when value and undefined-mask of {@code r} are the same in both states. */
    public boolean sameAs(CpuState other, Reg r) {
        return get(r) == other.get(r) && undefinedBits(r) == other.undefinedBits(r);
    }

    private static boolean sameMasks(long[] a, long[] b, int length) {
        if (a == b) {
            return true;
        }
        for (int i = 0; i < length; i++) {
            long x = a == null ? 0 : a[i];
            long y = b == null ? 0 : b[i];
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuState s && Arrays.equals(low, s.low) && Arrays.equals(high, s.high)
                && sameMasks(undefinedLow, s.undefinedLow, SPLIT) && sameMasks(undefinedHigh, s.undefinedHigh, COUNT - SPLIT);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("CpuState{");
        for (Reg r : Reg.values()) {
            b.append(r.label()).append('=').append(Long.toHexString(get(r)));
            if (!isDefined(r)) {
                b.append("(undef ").append(Long.toHexString(undefinedBits(r))).append(')');
            }
            b.append(' ');
        }
        return b.append('}').toString();
    }

    /**
     * Mutable scratch copy used while one instruction executes. It shares the arrays of the state it
     * came from and copies one only when it first writes to it; {@link #build} shares them again.
     */
    public static final class Builder {
        private long[] low;
        private long[] high;
        private long[] undefinedLow;
        private long[] undefinedHigh;
        private boolean ownLow;
        private boolean ownHigh;
        private boolean ownUndefinedLow;
        private boolean ownUndefinedHigh;

        private Builder(CpuState s) {
            low = s.low;
            high = s.high;
            undefinedLow = s.undefinedLow;
            undefinedHigh = s.undefinedHigh;
        }

        public long get(Reg r) {
            int i = r.ordinal();
            return i < SPLIT ? low[i] : high[i - SPLIT];
        }

        public long undefinedBits(Reg r) {
            int i = r.ordinal();
            long[] u = i < SPLIT ? undefinedLow : undefinedHigh;
            return u == null ? 0 : u[i < SPLIT ? i : i - SPLIT];
        }

        private long[] values(int i) {
            if (i < SPLIT) {
                if (!ownLow) {
                    low = low.clone();
                    ownLow = true;
                }
                return low;
            }
            if (!ownHigh) {
                high = high.clone();
                ownHigh = true;
            }
            return high;
        }

        /** The undefined mask array for register index {@code i}; null when it is all zero and {@code create} is false. */
        private long[] masks(int i, boolean create) {
            if (i < SPLIT) {
                if (undefinedLow == null && !create) {
                    return null;
                }
                if (undefinedLow == null) {
                    undefinedLow = new long[SPLIT];
                    ownUndefinedLow = true;
                } else if (!ownUndefinedLow) {
                    undefinedLow = undefinedLow.clone();
                    ownUndefinedLow = true;
                }
                return undefinedLow;
            }
            if (undefinedHigh == null && !create) {
                return null;
            }
            if (undefinedHigh == null) {
                undefinedHigh = new long[COUNT - SPLIT];
                ownUndefinedHigh = true;
            } else if (!ownUndefinedHigh) {
                undefinedHigh = undefinedHigh.clone();
                ownUndefinedHigh = true;
            }
            return undefinedHigh;
        }

        private static int slot(int i) {
            return i < SPLIT ? i : i - SPLIT;
        }

        private void setMask(int i, long mask) {
            long[] u = masks(i, mask != 0);
            if (u != null) {
                u[slot(i)] = mask;
            }
        }

        /** Sets a fully known value. */
        public Builder set(Reg r, long value) {
            int i = r.ordinal();
            values(i)[slot(i)] = value;
            if (undefinedBits(r) != 0) {
                setMask(i, 0);
            }
            return this;
        }

        /** Sets a value of which only the bits outside {@code undefinedMask} are known. */
        public Builder setPartly(Reg r, long value, long undefinedMask) {
            int i = r.ordinal();
            values(i)[slot(i)] = value & ~undefinedMask;
            if (undefinedBits(r) != undefinedMask) {
                setMask(i, undefinedMask);
            }
            return this;
        }

        /** Marks bits of {@code r} as no longer known (their value reads as 0). */
        public Builder undefine(Reg r, long mask) {
            int i = r.ordinal();
            values(i)[slot(i)] &= ~mask;
            setMask(i, undefinedBits(r) | mask);
            return this;
        }

        public CpuState build() {
            ownLow = false;
            ownHigh = false;
            ownUndefinedLow = false;
            ownUndefinedHigh = false;
            return new CpuState(low, high, undefinedLow, undefinedHigh);
        }
    }
}
