package dev.sysstep.core.session;

/**
 * A shell-style pattern over phase ids: {@code *} matches any run of characters, {@code ?} one
 * character, everything else itself. Matching is the two-pointer wildcard walk (no regular
 * expression, no backtracking beyond the last star), so no pattern can make it slow.
 */
public record Glob(String pattern) {
    public Glob {
        // runs of stars mean the same as one; collapsing them keeps the walk short
        pattern = pattern.replaceAll("\\*{2,}", "*");
    }

    public boolean hasWildcards() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public boolean matches(String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
