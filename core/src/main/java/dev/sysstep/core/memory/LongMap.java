package dev.sysstep.core.memory;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A map from long keys to values with open addressing: no boxing, one array probe per lookup.
 * Memory looks up a page on every access, so this sits on the simulation's hottest path.
 */
final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    /** True while the arrays are shared with a copy: the next put copies them first. */
    private boolean shared;

    LongMap() {
        this(16);
    }

    /** {@code capacity}: a power of two, twice the entries expected. */
    LongMap(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        keys = new long[capacity];
        values = new Object[capacity];
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not stored");
        }
        if (shared) {
            keys = keys.clone();
            values = values.clone();
            shared = false;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    /**
     * A copy with the same entries (the values themselves are shared). It costs nothing until one of
     * the two maps is changed: both share their arrays, and whichever is changed first copies them.
     */
    LongMap<V> copy() {
        LongMap<V> m = new LongMap<>(keys, values, size);
        shared = true;
        return m;
    }

    private LongMap(long[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.shared = true;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Long, V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                action.accept(keys[i], (V) values[i]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        shared = false;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    @Override
    public String toString() {
        return "LongMap" + Arrays.toString(Arrays.copyOf(keys, Math.min(keys.length, 8)));
    }
}
