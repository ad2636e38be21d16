package dev.sysstep.core.cpu;

/**
 * A value the simulation may know only in part: the bits in {@code undefinedBits} are not simulated
 * (registers compiled C leaves behind, say) and read as 0 in {@code value}.
 */
public record Value(long value, long undefinedBits) {
    public static Value known(long v) {
        return new Value(v, 0);
    }

    public boolean isKnown() {
        return undefinedBits == 0;
    }
}
