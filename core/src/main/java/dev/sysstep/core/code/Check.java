package dev.sysstep.core.code;

/** One condition the kernel tested, with the outcome and the values that decided it. */
public record Check(String id, boolean passed, String detail) {
}
