package dev.sysstep.core.session;

import dev.sysstep.core.memory.Symbols;
import java.util.List;

/**
 * Positions {@code from..to} of a timeline, captured whole and immutable: its {@link History} (the
 * steps between, replayed when first asked for) and the state at the end the timeline stood on.
 * {@code atFrom}/{@code atTo}: the state at that end when the timeline stood there, else null.
 */
record Span(History history, int from, int to, Snapshot atFrom, Snapshot atTo) {
    boolean contains(int p) {
        return p >= from && p <= to;
    }

    /** The steps {@code from + 1 .. to}, replayed now if they were not yet. */
    List<Step> steps() {
        return history.steps(from, to);
    }

    Snapshot stateAt(int p) {
        if (!contains(p)) {
            throw new IllegalArgumentException("position " + p + " is outside " + from + ".." + to);
        }
        if (p == from && atFrom != null) {
            return atFrom;
        }
        if (p == to && atTo != null) {
            return atTo;
        }
        return history.state(p);
    }

    /** The difference between two positions inside the span, either order. */
    StateDiff diff(int a, int b, Symbols symbols) {
        if (!contains(a) || !contains(b)) {
            throw new IllegalArgumentException("positions " + a + " and " + b + " are outside " + from + ".." + to);
        }
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        return Diffs.between(a, b, stateAt(a), stateAt(b), history.steps(lo, hi), history.stores(lo, hi), symbols);
    }
}
