package dev.sysstep.core.memory;

/**
 * A named range of mapped memory. {@code user} pages are reachable from CPL 3;
 * {@code inUserPageTables} kernel pages stay mapped while the PTI user CR3 is active
 * (the entry stack, and the per-CPU TSS page the entry code stores RSP into, reference §1.1 E2).
 */
public record Region(String name, long start, long end, boolean user, boolean writable, boolean inUserPageTables) {
    public Region {
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("empty region " + name);
        }
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    public long size() {
        return end - start;
    }
}
