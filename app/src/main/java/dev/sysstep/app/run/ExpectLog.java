package dev.sysstep.app.run;

import java.util.ArrayList;
import java.util.List;

/** The expects a script ran, in order: what {@code grade} turns into test cases. */
public class ExpectLog {
    /** Keeps nothing: an ordinary run only counts failures. */
    static final ExpectLog NONE = new ExpectLog() {
        @Override
        void passed(String where, String comparison) {
        }

        @Override
        void failed(String where, String message) {
        }
    };

    /** One expect: where it was written, what it compared, and the failure message (null when it held). */
    public record Entry(String where, String comparison, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void passed(String where, String comparison) {
        entries.add(new Entry(where, comparison, null));
    }

    void failed(String where, String message) {
        entries.add(new Entry(where, message, message));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
