package dev.sysstep.core.session;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Phase;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the one place that picks the known word nearest a typo, for commands, registers
 * and phase ids alike. It compares only words of a sensible length, with an edit distance computed
 * in a band around the diagonal, so a huge word costs no more than a short scan.
 */
public final class Suggest {
    /** Longer words are not typos of anything we know: no suggestion is looked for. */
    static final int MAX_WORD = 64;

    private Suggest() {
    }

    /** The candidate closest to {@code word}, when it is close enough to be a typo of it. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        if (word.isEmpty() || word.length() > MAX_WORD) {
            return Optional.empty();
        }
        String w = word.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, w.length() / 3));
        String best = null;
        int bestDistance = limit + 1;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT), limit);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " (did you mean 'x'?)" or nothing. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** One line saying a phase id does not exist, with the nearest one when there is one. */
    public static String unknownPhase(String id, KernelCode code) {
        return "unknown phase '" + id + "'" + didYouMean(id, code.phases().stream().map(Phase::id).toList());
    }

    /**
     * Edit distance counting an adjacent transposition as one edit (optimal string alignment), or
     * {@code limit + 1} when it is larger than {@code limit}. Only cells within {@code limit} of the
     * diagonal are computed: O(length × limit).
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int n = a.length();
        int m = b.length();
        int big = limit + 1;
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j <= limit ? j : big;
        }
        for (int i = 1; i <= n; i++) {
            java.util.Arrays.fill(cur, big);
            if (i <= limit) {
                cur[0] = i;
            }
            int lo = Math.max(1, i - limit);
            int hi = Math.min(m, i + limit);
            int rowMin = cur[0];
            for (int j = lo; j <= hi; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = Math.min(v, big);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return big;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], big);
    }
}
