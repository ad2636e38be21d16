package dev.sysstep.core.memory;

import java.util.Arrays;

/** One store: where, the bytes before and after, and what the writer called the slot. */
public record MemWrite(long address, byte[] before, byte[] after, String label) {
    public MemWrite {
        before = before.clone();
        after = after.clone();
    }

    public int size() {
        return after.length;
    }

    @Override
    public byte[] before() {
        return before.clone();
    }

    @Override
    public byte[] after() {
        return after.clone();
    }

    /** Little-endian value of the old bytes (up to 8). */
    public long beforeValue() {
        return Bytes.le(before);
    }

    public long afterValue() {
        return Bytes.le(after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemWrite w && w.address == address && Arrays.equals(w.before, before)
                && Arrays.equals(w.after, after) && java.util.Objects.equals(w.label, label);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(after);
    }

    @Override
    public String toString() {
        return String.format("MemWrite[0x%x %s -> %s %s]", address, Long.toHexString(beforeValue()),
                Long.toHexString(afterValue()), label);
    }
}
