package dev.sysstep.core.code;

/** An instruction of {@link KernelCode}: phase index and instruction index within it. */
public record Location(int phase, int insn) {
    // Written out rather than generated: a record's own equals and hashCode are bootstrapped through
    // java.lang.runtime.ObjectMethods on first use, which spins method handles that the class-data
    // archive of Java 17 cannot keep, about 10 ms of a short run (README, "Performance").

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && l.phase == phase && l.insn == insn;
    }

    @Override
    public int hashCode() {
        return 31 * phase + insn;
    }
}
