package dev.sysstep.app.lang;

import java.util.ArrayList;
import java.util.List;

/** Splits one command into words and strings. */
public final class Words {
    private Words() {
    }

    /** A word as typed, or a string's bytes. */
    public record Word(String text, byte[] bytes) {
        public boolean isString() {
            return bytes != null;
        }
    }

    public static List<Word> split(String text) throws ParseException {
        List<Word> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                Lexer.Quoted q = Lexer.quoted(text, i);
                out.add(new Word(text.substring(i, q.end()), q.bytes()));
                i = q.end();
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '"') {
                    i++;
                }
                out.add(new Word(text.substring(start, i), null));
            }
        }
        return out;
    }
}
