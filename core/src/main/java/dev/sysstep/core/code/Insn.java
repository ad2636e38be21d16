package dev.sysstep.core.code;

/**
 * One machine instruction (or, in a C phase, the one C step the phase stands for). {@code address}
 * is -1 where the simulation does not know where the code lives (compiled C).
 */
public record Insn(long address, int length, String text, String comment, Effect effect) {
    public boolean hasAddress() {
        return address != -1;
    }

    public long nextAddress() {
        return address + length;
    }
}
