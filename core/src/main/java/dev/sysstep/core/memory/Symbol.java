package dev.sysstep.core.memory;

/** A labelled span of memory, such as {@code pt_regs->ip} or {@code TSS.sp2}. */
public record Symbol(long address, int size, String name) {
    public boolean contains(long a) {
        return Long.compareUnsigned(a, address) >= 0 && Long.compareUnsigned(a, address + size) < 0;
    }
}
