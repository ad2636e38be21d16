package dev.sysstep.app.command;

import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.lang.Words;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What follows a verb on the line: the raw text and its words, with the checks verbs share (no
 * arguments, one argument, an optional count).
 */
public record Args(String verb, String rest, List<Words.Word> words) {

    public static Args of(String verb, String rest) throws ParseException {
        return new Args(verb, rest, Words.split(rest));
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    public int size() {
        return words.size();
    }

    public Words.Word word(int i) {
        return words.get(i);
    }

    /** The text of word {@code i}, or a string's bytes as UTF-8. */
    public String text(int i) {
        Words.Word w = words.get(i);
        return w.isString() ? new String(w.bytes(), StandardCharsets.UTF_8) : w.text();
    }

    public Args from(int i) {
        return new Args(verb, rest, words.subList(i, words.size()));
    }

    public void none() throws ParseException {
        if (!words.isEmpty()) {
            throw new ParseException(verb + " takes no arguments (got '" + words.get(0).text() + "')");
        }
    }

    /** Exactly one argument, described by {@code what} when it is missing. */
    public String one(String what) throws ParseException {
        if (words.size() != 1) {
            throw new ParseException(verb + " needs " + what);
        }
        return text(0);
    }

    /** At most one argument; with {@code only} it must be that word. */
    public String optional(String only) throws ParseException {
        if (words.isEmpty()) {
            return null;
        }
        if (words.size() > 1) {
            throw new ParseException(verb + " takes at most one argument");
        }
        String a = words.get(0).text();
        if (only != null && !a.equalsIgnoreCase(only)) {
            throw new ParseException(verb + " takes only '" + only + "' (got '" + a + "')");
        }
        return a;
    }

    /** An optional count (default 1). */
    public int count() throws ParseException {
        if (words.isEmpty()) {
            return 1;
        }
        if (words.size() > 1) {
            throw new ParseException(verb + " takes one optional count");
        }
        return count(verb, words.get(0).text());
    }

    /** A count: decimal or hex digits in ASCII, 1 to 100000. */
    public static int count(String verb, String text) throws ParseException {
        long n;
        try {
            n = Expr.number(text);
        } catch (ParseException e) {
            throw new ParseException(verb + ": bad count '" + text + "'");
        }
        if (n < 1 || n > 100_000) {
            throw new ParseException(verb + ": the count must be between 1 and 100000 (got " + text + ")");
        }
        return (int) n;
    }
}
