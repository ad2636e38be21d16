package dev.sysstep.core.cpu;

/** Canonical addresses: bits above the implemented width are copies of the top implemented bit. */
public final class Canonical {
    private Canonical() {
    }

    /** Implemented linear-address bits: 48 with 4-level paging, 57 with 5-level (LA57). */
    public static int width(boolean la57) {
        return la57 ? 57 : 48;
    }

    public static boolean isCanonical(long address, boolean la57) {
        int shift = 64 - width(la57);
        return (address << shift) >> shift == address;
    }
}
