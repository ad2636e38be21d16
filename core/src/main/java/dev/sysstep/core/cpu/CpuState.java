package dev.sysstep.core.cpu;

import java.util.Arrays;

/**
 * An immutable snapshot of the CPU: every {@link Reg} value, plus which bits of each value the
 * simulation does not know (registers that compiled C code clobbers, for example). A bit that is
 * undefined reads as 0 in {@link #get}; callers that show values ask {@link #undefinedBits}.
 */
public final class CpuState {
    private final long[] values;
    private final long[] undefined;

    private CpuState(long[] values, long[] undefined) {
        this.values = values;
        this.undefined = undefined;
    }

    public static CpuState zero() {
        return new CpuState(new long[Reg.count()], new long[Reg.count()]);
    }

    public long get(Reg r) {
        return values[r.ordinal()];
    }

    /** Bits of {@code r} whose value is not simulated; 0 when the whole value is known. */
    public long undefinedBits(Reg r) {
        return undefined[r.ordinal()];
    }

    public boolean isDefined(Reg r) {
        return undefined[r.ordinal()] == 0;
    }

    public int cpl() {
        return (int) get(Reg.CPL);
    }

    public CpuState with(Reg r, long value) {
        return toBuilder().set(r, value).build();
    }

    public Builder toBuilder() {
        return new Builder(values.clone(), undefined.clone());
    }

    /** True when value and undefined-mask of {@code r} are the same in both states. */
    public boolean sameAs(CpuState other, Reg r) {
        int i = r.ordinal();
        return values[i] == other.values[i] && undefined[i] == other.undefined[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuState s && Arrays.equals(values, s.values) && Arrays.equals(undefined, s.undefined);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(undefined);
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

    /** Mutable scratch copy used while one instruction executes. */
    public static final class Builder {
        private final long[] values;
        private final long[] undefined;

        private Builder(long[] values, long[] undefined) {
            this.values = values;
            this.undefined = undefined;
        }

        public long get(Reg r) {
            return values[r.ordinal()];
        }

        public long undefinedBits(Reg r) {
            return undefined[r.ordinal()];
        }

        /** Sets a fully known value. */
        public Builder set(Reg r, long value) {
            values[r.ordinal()] = value;
            undefined[r.ordinal()] = 0;
            return this;
        }

        /** Sets a value of which only the bits outside {@code undefinedMask} are known. */
        public Builder setPartly(Reg r, long value, long undefinedMask) {
            values[r.ordinal()] = value & ~undefinedMask;
            undefined[r.ordinal()] = undefinedMask;
            return this;
        }

        /** Marks bits of {@code r} as no longer known (their value reads as 0). */
        public Builder undefine(Reg r, long mask) {
            values[r.ordinal()] &= ~mask;
            undefined[r.ordinal()] |= mask;
            return this;
        }

        public CpuState build() {
            return new CpuState(values.clone(), undefined.clone());
        }
    }
}
