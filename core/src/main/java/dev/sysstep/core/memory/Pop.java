package dev.sysstep.core.memory;

/** A stack slot a POP (or RET, IRET) read: its address, the value, and what the slot was. */
public record Pop(long address, long value, String label) {
}
