package dev.sysstep.core.memory;

/** An access the page tables would refuse: what a page fault would be raised for. */
public final class MemoryFault extends Exception {
    private static final long serialVersionUID = 1L;
    private final long address;

    public MemoryFault(long address, String reason) {
        super(String.format("page fault at 0x%x: %s", address, reason));
        this.address = address;
    }

    public long address() {
        return address;
    }
}
