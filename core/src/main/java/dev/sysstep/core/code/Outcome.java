package dev.sysstep.core.code;

import dev.sysstep.core.cpu.RFlags;
import java.util.Objects;
import java.util.function.Supplier;

/** How a path ended. The description is built when it is read (see {@link Check}). */
public final class Outcome {
    /** The ways a path can end. {@link #label()} is what the JSON trace writes in {@code exit}. */
    public enum Kind {
        SYSRET("sysret", "SYSRET"), SYSRETL("sysretl", "SYSRETL"), IRET("iret", "IRET"), GP("#GP", ""), UD("#UD", ""),
        PF("#PF", ""), EXITED("exited", ""), NONE("none", ""), NOT_SIMULATED("not simulated", ""),
        LEFT_CODE("left simulated code", "");

        private final String label;
        private final String mechanism;

        Kind(String label, String mechanism) {
            this.label = label;
            this.mechanism = mechanism;
        }

        public String label() {
            return label;
        }

        /** The instruction that returned to user mode, for SYSRET, SYSRETL and IRET. */
        public String mechanism() {
            return mechanism;
        }

        /** True for an ending that returned to the program normally. */
        public boolean returned() {
            return this == SYSRET || this == SYSRETL || this == IRET || this == NONE;
        }

        /** True for an ending in a fault or in code the simulation does not run. */
        public boolean faulted() {
            return this == GP || this == UD || this == PF || this == NOT_SIMULATED || this == LEFT_CODE;
        }
    }

    private final Kind kind;
    private final Supplier<String> description;

    public Outcome(Kind kind, String description) {
        this(kind, () -> description);
    }

    public Outcome(Kind kind, Supplier<String> description) {
        this.kind = Objects.requireNonNull(kind);
        this.description = description;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description.get();
    }

    /**
     * What a set TF means when the program runs again: the CPU raises a single-step #DB once the next
     * instruction has executed (SDM Vol. 3B §18.3.1.4). Empty when TF is clear.
     */
    public static String singleStepTrap(long rflags, String when) {
        if ((rflags & RFlags.TF) == 0) {
            return "";
        }
        return "; TF is set, so the CPU raises a single-step #DB " + when + " (not simulated)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Outcome other && other.kind == kind && other.description().equals(description());
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }

    @Override
    public String toString() {
        return "Outcome[" + kind.label() + ": " + description() + "]";
    }
}
