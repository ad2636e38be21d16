package dev.sysstep.core.code;

import java.util.function.Supplier;

/**
 * One condition the kernel tested, with the outcome and the values that decided it. The detail is
 * text for people, so it is built only when someone reads it: a run that nobody displays (a
 * benchmark, a randomized test) pays nothing for it.
 */
public final class Check {
    private final String id;
    private final boolean passed;
    private final Supplier<String> detail;

    public Check(String id, boolean passed, String detail) {
        this(id, passed, () -> detail);
    }

    public Check(String id, boolean passed, Supplier<String> detail) {
        this.id = id;
        this.passed = passed;
        this.detail = detail;
    }

    public String id() {
        return id;
    }

    public boolean passed() {
        return passed;
    }

    public String detail() {
        return detail.get();
    }

    @Override
    public String toString() {
        return "Check[" + id + (passed ? " passed: " : " failed: ") + detail() + "]";
    }
}
