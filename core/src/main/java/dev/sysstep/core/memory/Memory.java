package dev.sysstep.core.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sparse 64-bit memory made of named {@link Region}s. Contents live in 4 KiB pages created on first
 * write (unwritten mapped bytes read as zero). Every store returns a {@link MemWrite} holding the
 * exact bytes before and after, which is all the session needs to step backwards exactly.
 */
public final class Memory {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final Map<Long, String> slotLabels = new HashMap<>();
    private List<Region> regions = List.of();

    public List<Region> regions() {
        return regions;
    }

    /** Replaces the region table (it is an immutable list shared with snapshots). */
    public void setRegions(List<Region> regions) {
        this.regions = List.copyOf(regions);
    }

    public void addRegion(Region r) {
        List<Region> next = new ArrayList<>(regions);
        next.add(r);
        regions = Collections.unmodifiableList(next);
    }

    public Optional<Region> regionAt(long address) {
        for (Region r : regions) {
            if (r.contains(address)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public boolean isMapped(long address, long length) {
        if (length == 0) {
            return true;
        }
        long last = address + length - 1;
        if (Long.compareUnsigned(last, address) < 0) {
            return false;
        }
        long a = address;
        while (true) {
            Optional<Region> r = regionAt(a);
            if (r.isEmpty()) {
                return false;
            }
            long end = r.get().end();
            if (end == 0 || Long.compareUnsigned(last, end) < 0) {
                return true;
            }
            a = end;
        }
    }

    /** Number of bytes from {@code address} that are mapped before the first hole (capped at {@code max}). */
    public long mappedPrefix(long address, long max, boolean userOnly) {
        long n = 0;
        long a = address;
        while (n < max) {
            Optional<Region> r = regionAt(a);
            if (r.isEmpty() || (userOnly && !r.get().user())) {
                return n;
            }
            long room = r.get().end() - a;
            if (room <= 0 || Long.compareUnsigned(room, max - n) >= 0) {
                return max;
            }
            n += room;
            a += room;
        }
        return max;
    }

    /**
     * Checks an access the way the page tables would. {@code userMode}: CPL 3. {@code userPageTables}:
     * the PTI user CR3 (bit 12) is loaded, so only user pages and the kernel pages PTI shares exist.
     */
    public void check(long address, long length, boolean write, boolean userMode, boolean userPageTables)
            throws MemoryFault {
        long a = address;
        long remaining = length;
        if (length > 0 && Long.compareUnsigned(address + length - 1, address) < 0) {
            throw new MemoryFault(address, "access wraps around the address space");
        }
        while (remaining > 0) {
            Optional<Region> found = regionAt(a);
            if (found.isEmpty()) {
                throw new MemoryFault(a, "not mapped");
            }
            Region r = found.get();
            if (userMode && !r.user()) {
                throw new MemoryFault(a, "supervisor page (" + r.name() + ") accessed from user mode");
            }
            if (!r.user() && userPageTables && !r.inUserPageTables()) {
                throw new MemoryFault(a, r.name() + " is not mapped in the PTI user page tables");
            }
            if (write && !r.writable()) {
                throw new MemoryFault(a, "write to read-only " + r.name());
            }
            long chunk = Math.min(remaining, r.end() - a);
            a += chunk;
            remaining -= chunk;
        }
    }

    /** Reads bytes without permission checks; unmapped or unwritten bytes read as 0. */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            long a = address + i;
            byte[] page = pages.get(a >>> PAGE_SHIFT);
            out[i] = page == null ? 0 : page[(int) (a & (PAGE_SIZE - 1))];
        }
        return out;
    }

    public long read64(long address) {
        return Bytes.le(read(address, 8));
    }

    public int read16(long address) {
        return (int) Bytes.le(read(address, 2));
    }

    /** Stores bytes (no permission checks) and returns the record of what changed. */
    public MemWrite write(long address, byte[] data, String label) {
        byte[] before = read(address, data.length);
        put(address, data);
        if (label != null && !label.isEmpty()) {
            slotLabels.put(address, label);
        }
        return new MemWrite(address, before, data, label);
    }

    public MemWrite write64(long address, long value, String label) {
        return write(address, Bytes.le(value, 8), label);
    }

    /** The label the most recent writer gave this address, if any (informational: not undone by back). */
    public Optional<String> slotLabel(long address) {
        return Optional.ofNullable(slotLabels.get(address));
    }

    public void apply(MemWrite w) {
        put(w.address(), w.after());
        if (!w.label().isEmpty()) {
            slotLabels.put(w.address(), w.label());
        }
    }

    public void revert(MemWrite w) {
        put(w.address(), w.before());
    }

    private void put(long address, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            long a = address + i;
            byte[] page = pages.computeIfAbsent(a >>> PAGE_SHIFT, k -> new byte[PAGE_SIZE]);
            page[(int) (a & (PAGE_SIZE - 1))] = data[i];
        }
    }

    /** Every non-zero byte, by address: a canonical view two memories can be compared with. */
    public Map<Long, Byte> nonZeroBytes() {
        Map<Long, Byte> out = new TreeMap<>(Long::compareUnsigned);
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            byte[] p = e.getValue();
            for (int i = 0; i < p.length; i++) {
                if (p[i] != 0) {
                    out.put((e.getKey() << PAGE_SHIFT) + i, p[i]);
                }
            }
        }
        return out;
    }
}
