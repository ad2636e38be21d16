package dev.sysstep.core.kernel;

/**
 * A Linux release number, {@code major.minor.patch}. Kernel differences are decided by comparing the
 * pinned release of a profile with the release that introduced a change ({@link KernelVersion}).
 */
public record Release(int major, int minor, int patch) implements Comparable<Release> {

    public static Release of(int major, int minor, int patch) {
        return new Release(major, minor, patch);
    }

    /** True from {@code major.minor.0} on. */
    public boolean atLeast(int maj, int min) {
        return compareTo(new Release(maj, min, 0)) >= 0;
    }

    /**
     * True for a release of the stable series {@code maj.min.y} at {@code patch} or later: a change
     * that reached that series as a stable backport, at the latest by the release we read.
     */
    public boolean inStableSince(int maj, int min, int p) {
        return major == maj && minor == min && patch >= p;
    }

    @Override
    public int compareTo(Release o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
