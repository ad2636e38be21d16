package dev.sysstep.core.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sparse 64-bit memory made of named {@link Region}s. Contents live in small chunks created on first
 * write (unwritten mapped bytes read as zero). Every store returns a {@link MemWrite} holding the
 * exact bytes before and after, which is all the session needs to step backwards exactly.
 */
public final class Memory {
    // Contents are stored in 256-byte chunks, not 4 KiB pages: a run touches a few dozen words spread
    // over a dozen places, and every chunk is allocated and zeroed when first written. Mapping and
    // permissions are the regions' business; the chunk size is only a storage detail.
    private static final int PAGE_SHIFT = 8;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LongMap<byte[]> pages;
    /**
     * Which chunks this memory may write in place: those stamped with this number (in the four bytes
     * after the contents). A copy shares every chunk with the memory it came from and both take a new
     * number, so whichever of the two writes a shared chunk first copies it (copy on write): a run
     * starts from its build's image without copying the image.
     */
    private int owner = OWNERS.incrementAndGet();
    private static final java.util.concurrent.atomic.AtomicInteger OWNERS = new java.util.concurrent.atomic.AtomicInteger();
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private LongMap<String> slotLabels;
    private List<Region> regions = List.of();
    /** The region the last lookup found: accesses cluster on the stack and the per-CPU page. */
    private Region lastRegion;
    private long lastPageNumber = -1;
    private byte[] lastPage;
    /** The chunk the last store went to, owned by this memory. */
    private long lastWrittenNumber = -1;
    private byte[] lastWritten;

    public Memory() {
        pages = new LongMap<>(64);
        slotLabels = new LongMap<>(64);
    }

    /**
     * An independent copy: same regions, contents and slot labels. It shares every chunk with
     * {@code image} until one of the two writes it, so a run starts from its build's image cheaply.
     */
    public Memory(Memory image) {
        pages = image.pages.copy();
        image.owner = OWNERS.incrementAndGet();
        image.lastWrittenNumber = -1;
        image.lastWritten = null;
        slotLabels = image.slotLabels.copy();
        regions = image.regions;
    }

    /**
     * Becomes {@code fresh}, a memory nothing else will use: its contents, slot labels and regions
     * (a timeline going back starts again from its build's image).
     */
    public void restore(Memory fresh) {
        pages = fresh.pages;
        owner = fresh.owner;
        slotLabels = fresh.slotLabels;
        regions = fresh.regions;
        lastRegion = null;
        lastPageNumber = -1;
        lastPage = null;
        lastWrittenNumber = -1;
        lastWritten = null;
    }

    public List<Region> regions() {
        return regions;
    }

    /** Replaces the region table (it is an immutable list shared with snapshots). */
    public void setRegions(List<Region> regions) {
        if (regions != this.regions) {
            this.regions = List.copyOf(regions);
            lastRegion = null;
        }
    }

    public void addRegion(Region r) {
        List<Region> next = new ArrayList<>(regions);
        next.add(r);
        regions = Collections.unmodifiableList(next);
        lastRegion = null;
    }

    public Optional<Region> regionAt(long address) {
        return Optional.ofNullable(region(address));
    }

    private Region region(long address) {
        Region cached = lastRegion;
        if (cached != null && cached.contains(address)) {
            return cached;
        }
        for (Region r : regions) {
            if (r.contains(address)) {
                lastRegion = r;
                return r;
            }
        }
        return null;
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
            Region r = region(a);
            if (r == null) {
                return false;
            }
            long end = r.end();
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
            Region r = region(a);
            if (r == null || (userOnly && !r.user())) {
                return n;
            }
            long room = r.end() - a;
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
            Region r = region(a);
            if (r == null) {
                throw new MemoryFault(a, "not mapped");
            }
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

    private byte[] page(long pageNumber) {
        if (pageNumber == lastPageNumber) {
            return lastPage;
        }
        byte[] p = pages.get(pageNumber);
        if (p != null) {
            lastPageNumber = pageNumber;
            lastPage = p;
        }
        return p;
    }

    private byte[] pageForWrite(long pageNumber) {
        if (pageNumber == lastWrittenNumber) {
            return lastWritten;
        }
        byte[] p = pages.get(pageNumber);
        if (p == null || (int) INT_LE.get(p, PAGE_SIZE) != owner) {
            p = p == null ? new byte[PAGE_SIZE + 4] : p.clone();
            INT_LE.set(p, PAGE_SIZE, owner);
            pages.put(pageNumber, p);
        }
        lastPageNumber = pageNumber;
        lastPage = p;
        lastWrittenNumber = pageNumber;
        lastWritten = p;
        return p;
    }

    /** Reads bytes without permission checks; unmapped or unwritten bytes read as 0. */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long a = address + done;
            int offset = (int) (a & PAGE_MASK);
            int n = Math.min(length - done, PAGE_SIZE - offset);
            byte[] page = page(a >>> PAGE_SHIFT);
            if (page != null) {
                System.arraycopy(page, offset, out, done, n);
            }
            done += n;
        }
        return out;
    }

    /** Reads a little-endian value of 1 to 8 bytes without permission checks. */
    public long readLong(long address, int size) {
        int offset = (int) (address & PAGE_MASK);
        if (size == 8 && offset <= PAGE_SIZE - 8) {
            byte[] page = page(address >>> PAGE_SHIFT);
            return page == null ? 0 : (long) LONG_LE.get(page, offset);
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            long a = address + i;
            byte[] page = page(a >>> PAGE_SHIFT);
            v = (v << 8) | (page == null ? 0 : page[(int) (a & PAGE_MASK)] & 0xFF);
        }
        return v;
    }

    public long read64(long address) {
        return readLong(address, 8);
    }

    /** Stores bytes (no permission checks) and returns the record of what changed. */
    public MemWrite write(long address, byte[] data, String label, MemWrite.Kind kind) {
        byte[] context = alignedContext(address, data.length);
        byte[] before = read(address, data.length);
        put(address, data);
        remember(address, label);
        return MemWrite.bytes(kind, address, before, data, label, context);
    }

    /** Stores a little-endian value of 1 to 8 bytes (no permission checks). */
    public MemWrite writeLong(long address, long value, int size, String label, MemWrite.Kind kind) {
        byte[] context = alignedContext(address, size);
        long before = readLong(address, size);
        putLong(address, value, size);
        remember(address, label);
        return MemWrite.word(kind, address, size, before, value, label, context);
    }

    /** An edit's store of one word, as the user makes it. */
    public MemWrite write64(long address, long value, String label) {
        return writeLong(address, value, 8, label, MemWrite.Kind.EDIT);
    }

    /** The aligned 8-byte words a store will touch, as they are now; null for one aligned word. */
    private byte[] alignedContext(long address, int length) {
        if (MemWrite.isAlignedWord(address, length) || length == 0) {
            return null;
        }
        long start = address & ~7L;
        long end = (address + length + 7) & ~7L;
        return read(start, (int) (end - start));
    }

    private void remember(long address, String label) {
        if (label != null && !label.isEmpty()) {
            slotLabels.put(address, label);
        }
    }

    /** The label the most recent writer gave this address, if any (informational: not undone by back). */
    public Optional<String> slotLabel(long address) {
        return Optional.ofNullable(slotLabels.get(address));
    }

    public void apply(MemWrite w) {
        if (w.isWord()) {
            putLong(w.address(), w.afterValue(), w.size());
        } else {
            put(w.address(), w.after());
        }
        remember(w.address(), w.label());
    }

    public void revert(MemWrite w) {
        if (w.isWord()) {
            putLong(w.address(), w.beforeValue(), w.size());
        } else {
            put(w.address(), w.before());
        }
    }

    /** Stores bytes and keeps no record: for runs without history. */
    public void put(long address, byte[] data) {
        int done = 0;
        while (done < data.length) {
            long a = address + done;
            int offset = (int) (a & PAGE_MASK);
            int n = Math.min(data.length - done, PAGE_SIZE - offset);
            System.arraycopy(data, done, pageForWrite(a >>> PAGE_SHIFT), offset, n);
            done += n;
        }
    }

    /** Stores a little-endian value of 1 to 8 bytes and keeps no record: for runs without history. */
    public void putLong(long address, long value, int size) {
        int offset = (int) (address & PAGE_MASK);
        if (size == 8 && offset <= PAGE_SIZE - 8) {
            LONG_LE.set(pageForWrite(address >>> PAGE_SHIFT), offset, value);
            return;
        }
        for (int i = 0; i < size; i++) {
            long a = address + i;
            pageForWrite(a >>> PAGE_SHIFT)[(int) (a & PAGE_MASK)] = (byte) (value >>> (8 * i));
        }
    }

    /** Every non-zero byte, by address: a canonical view two memories can be compared with. */
    public Map<Long, Byte> nonZeroBytes() {
        Map<Long, Byte> out = new TreeMap<>(Long::compareUnsigned);
        pages.forEach((number, p) -> {
            for (int i = 0; i < PAGE_SIZE; i++) {
                if (p[i] != 0) {
                    out.put((number << PAGE_SHIFT) + i, p[i]);
                }
            }
        });
        return out;
    }
}
