package dev.sysstep.core.code;

/** An instruction of {@link KernelCode}: phase index and instruction index within it. */
public record Location(int phase, int insn) {
}
