package dev.sysstep.core.memory;

import java.util.Arrays;
import java.util.Objects;

/**
 * One store: where, the bytes before and after, and what the writer called the slot. Stores of up
 * to 8 bytes (every register store) keep their bytes as two longs; larger ones (a C copy) keep arrays.
 */
public final class MemWrite {
    private final long address;
    private final int size;
    private final long beforeWord;
    private final long afterWord;
    private final byte[] beforeBytes;
    private final byte[] afterBytes;
    private final String label;

    private MemWrite(long address, int size, long beforeWord, long afterWord, byte[] beforeBytes, byte[] afterBytes,
                     String label) {
        this.address = address;
        this.size = size;
        this.beforeWord = beforeWord;
        this.afterWord = afterWord;
        this.beforeBytes = beforeBytes;
        this.afterBytes = afterBytes;
        this.label = label == null ? "" : label;
    }

    /** A store of {@code size} (1 to 8) bytes, little-endian values. */
    public static MemWrite word(long address, int size, long before, long after, String label) {
        if (size < 1 || size > 8) {
            throw new IllegalArgumentException("a word store is 1 to 8 bytes, not " + size);
        }
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        return new MemWrite(address, size, before & mask, after & mask, null, null, label);
    }

    /** A store of any size. */
    public static MemWrite bytes(long address, byte[] before, byte[] after, String label) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("before and after differ in length");
        }
        if (after.length <= 8 && after.length > 0) {
            return word(address, after.length, Bytes.le(before), Bytes.le(after), label);
        }
        return new MemWrite(address, after.length, 0, 0, before.clone(), after.clone(), label);
    }

    public long address() {
        return address;
    }

    public int size() {
        return size;
    }

    public String label() {
        return label;
    }

    public boolean isWord() {
        return beforeBytes == null;
    }

    public byte[] before() {
        return isWord() ? Bytes.le(beforeWord, size) : beforeBytes.clone();
    }

    public byte[] after() {
        return isWord() ? Bytes.le(afterWord, size) : afterBytes.clone();
    }

    /** Little-endian value of the old bytes (the first 8). */
    public long beforeValue() {
        return isWord() ? beforeWord : Bytes.le(beforeBytes);
    }

    public long afterValue() {
        return isWord() ? afterWord : Bytes.le(afterBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemWrite w && w.address == address && w.size == size && w.beforeWord == beforeWord
                && w.afterWord == afterWord && Arrays.equals(w.beforeBytes, beforeBytes)
                && Arrays.equals(w.afterBytes, afterBytes) && Objects.equals(w.label, label);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Long.hashCode(afterWord) + Arrays.hashCode(afterBytes);
    }

    @Override
    public String toString() {
        return "MemWrite[0x" + Long.toHexString(address) + " " + Long.toHexString(beforeValue()) + " -> "
                + Long.toHexString(afterValue()) + " " + label + "]";
    }
}
