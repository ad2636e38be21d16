package dev.sysstep.core.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One store: where, the bytes before and after, what the writer called the slot, and what kind of
 * store it was. Stores of up to 8 bytes (every register store) keep their bytes as two longs;
 * larger ones (a C copy) keep arrays. A store that is not one aligned 8-byte word also keeps the
 * aligned words around it as they were, so it can be shown word by word.
 */
public final class MemWrite {
    /** What made the store. */
    public enum Kind {
        /** An instruction's store (MOV, BTR, a C copy). */
        STORE,
        /** PUSH. */
        PUSH,
        /** CALL's push of the return address. */
        CALL,
        /** An edit made by the user (set, mem), not by the program. */
        EDIT
    }

    /** One aligned 8-byte word of memory before and after the store. */
    public record Word(long address, long before, long after) {
    }

    private final Kind kind;
    private final long address;
    private final int size;
    private final long beforeWord;
    private final long afterWord;
    private final byte[] beforeBytes;
    private final byte[] afterBytes;
    private final String label;
    /** For a store that is not one aligned word: the aligned span it touches, before the store. */
    private final byte[] alignedBefore;

    private MemWrite(Kind kind, long address, int size, long beforeWord, long afterWord, byte[] beforeBytes,
                     byte[] afterBytes, String label, byte[] alignedBefore) {
        this.kind = kind;
        this.address = address;
        this.size = size;
        this.beforeWord = beforeWord;
        this.afterWord = afterWord;
        this.beforeBytes = beforeBytes;
        this.afterBytes = afterBytes;
        this.label = label == null ? "" : label;
        this.alignedBefore = alignedBefore;
    }

    /** A store of {@code size} (1 to 8) bytes, little-endian values. */
    static MemWrite word(Kind kind, long address, int size, long before, long after, String label, byte[] alignedBefore) {
        if (size < 1 || size > 8) {
            throw new IllegalArgumentException("a word store is 1 to 8 bytes, not " + size);
        }
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        return new MemWrite(kind, address, size, before & mask, after & mask, null, null, label, alignedBefore);
    }

    /** A store of any size. */
    static MemWrite bytes(Kind kind, long address, byte[] before, byte[] after, String label, byte[] alignedBefore) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("before and after differ in length");
        }
        if (after.length <= 8 && after.length > 0) {
            return word(kind, address, after.length, Bytes.le(before), Bytes.le(after), label, alignedBefore);
        }
        return new MemWrite(kind, address, after.length, 0, 0, before.clone(), after.clone(), label, alignedBefore);
    }

    /** True when the store is exactly one aligned 8-byte word. */
    static boolean isAlignedWord(long address, int size) {
        return size == 8 && (address & 7) == 0;
    }

    public Kind kind() {
        return kind;
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

    /** The aligned 8-byte words the store touched, each before and after it. */
    public List<Word> words() {
        if (alignedBefore == null) {
            return List.of(new Word(address, beforeWord, afterWord));
        }
        long start = address & ~7L;
        byte[] after = alignedBefore.clone();
        byte[] written = after();
        System.arraycopy(written, 0, after, (int) (address - start), written.length);
        List<Word> out = new ArrayList<>(after.length / 8);
        for (int i = 0; i < after.length; i += 8) {
            out.add(new Word(start + i, Bytes.le(Arrays.copyOfRange(alignedBefore, i, i + 8)),
                    Bytes.le(Arrays.copyOfRange(after, i, i + 8))));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemWrite w && w.kind == kind && w.address == address && w.size == size
                && w.beforeWord == beforeWord && w.afterWord == afterWord && Arrays.equals(w.beforeBytes, beforeBytes)
                && Arrays.equals(w.afterBytes, afterBytes) && Objects.equals(w.label, label);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Long.hashCode(afterWord) + Arrays.hashCode(afterBytes);
    }

    @Override
    public String toString() {
        return "MemWrite[" + kind + " 0x" + Long.toHexString(address) + " " + Long.toHexString(beforeValue()) + " -> "
                + Long.toHexString(afterValue()) + " " + label + "]";
    }
}
