package dev.sysstep.core.code;

/**
 * Where on the way through the kernel a phase runs, for a map of the whole path (the strip of
 * {@code present}, the headings of a handout): the user program, the instruction or event that
 * enters the kernel, the entry code, the C that dispatches, the handler, the checks before the fast
 * return, the rest of the exit, and the instruction that returns.
 */
public enum Stage {
    USER("user"),
    ENTRY_INSTRUCTION("into the kernel"),
    ENTRY("entry"),
    DISPATCH("dispatch"),
    HANDLER("handler"),
    EXIT_CHECKS("exit checks"),
    EXIT("exit"),
    RETURN_INSTRUCTION("back to user mode");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this stage runs in the kernel's own code (everything but the user program). */
    public boolean inKernel() {
        return this != USER;
    }
}
