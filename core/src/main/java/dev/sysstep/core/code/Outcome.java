package dev.sysstep.core.code;

/** How a path ended. */
public record Outcome(Kind kind, String description) {
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
}
