package dev.sysstep.core.code;

import java.util.function.Supplier;

/**
 * One condition the kernel tested: its id, the outcome, the values that decided it, and where a
 * failure sends the run ("the IRET exit", "returns -EBADF"). The detail is text for people, so it is
 * built only when someone reads it: a run that nobody displays (a benchmark, a randomized test) pays
 * nothing for it.
 */
public final class Check {
    private final String id;
    private final boolean passed;
    private final Supplier<String> detail;
    private final String onFailure;

    public Check(String id, boolean passed, Supplier<String> detail, String onFailure) {
        this.id = id;
        this.passed = passed;
        this.detail = detail;
        this.onFailure = onFailure == null ? "" : onFailure;
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

    /** Where the run goes when this check fails; empty when it simply carries on. */
    public String onFailure() {
        return onFailure;
    }

    /** Where the run went: {@link #onFailure()} for a failed check, empty for one that passed. */
    public String path() {
        return passed ? "" : onFailure;
    }

    @Override
    public String toString() {
        return "Check[" + id + (passed ? " passed: " : " failed: ") + detail() + "]";
    }
}
