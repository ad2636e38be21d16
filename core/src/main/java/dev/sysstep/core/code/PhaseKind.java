package dev.sysstep.core.code;

/** Who runs a phase: the user program, the CPU itself, kernel assembly, or kernel C. */
public enum PhaseKind {
    USER("user"), HARDWARE("hardware"), ASM("asm"), C("C");

    private final String label;

    PhaseKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
