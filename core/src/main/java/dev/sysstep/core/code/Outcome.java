package dev.sysstep.core.code;

import java.util.Objects;
import java.util.function.Supplier;

/** How a path ended. The description is built when it is read (see {@link Check}). */
public final class Outcome {
    /** The ways a path can end. {@link #label()} is what the JSON trace writes in {@code exit}. */
    public enum Kind {
        SYSRET("sysret"), IRET("iret"), GP("#GP"), UD("#UD"), PF("#PF"),
        EXITED("exited"), NOT_SIMULATED("not simulated"), LEFT_CODE("left simulated code");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
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
