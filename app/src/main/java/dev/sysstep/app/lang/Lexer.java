package dev.sysstep.app.lang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lexical layer of the command language: splits a line into commands at {@code ;}, drops
 * {@code #} comments, and reads quoted strings with C escapes ({@code \n \t \r \e \0 \\ \" \xHH}
 * and octal). Quotes and escapes are honoured everywhere, so {@code ;} and {@code #} may appear in strings.
 */
public final class Lexer {
    private static final String HEX = "0123456789abcdef";

    private Lexer() {
    }

    /** One command of a line, with the column it starts at (1-based). */
    public record Segment(String text, int column) {
    }

    public static List<Segment> commands(String line) throws ParseException {
        List<Segment> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int start = 0;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (c == '#' && startsComment(line, i)) {
                break;
            } else if (c == ';') {
                add(out, cur, start);
                cur.setLength(0);
                start = i + 1;
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new ParseException("unterminated string (add the closing " + quote + ")");
        }
        add(out, cur, start);
        return out;
    }

    /**
     * '#' starts a comment at the start of a line, or when it is followed by a blank or the end; a
     * word such as {@code #GP} (an exit kind) is not a comment.
     */
    private static boolean startsComment(String line, int i) {
        boolean lineStart = line.substring(0, i).isBlank();
        boolean followedByBlank = i + 1 >= line.length() || Character.isWhitespace(line.charAt(i + 1))
                || line.charAt(i + 1) == '#';
        return lineStart || followedByBlank;
    }

    private static void add(List<Segment> out, StringBuilder cur, int start) {
        String t = cur.toString();
        int lead = 0;
        while (lead < t.length() && Character.isWhitespace(t.charAt(lead))) {
            lead++;
        }
        String s = t.strip();
        if (!s.isEmpty()) {
            out.add(new Segment(s, start + lead + 1));
        }
    }

    /** Reads the quoted string starting at {@code text.charAt(i)}; returns its bytes and the index after it. */
    public static Quoted quoted(String text, int i) throws ParseException {
        char q = text.charAt(i);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int j = i + 1;
        while (j < text.length()) {
            char d = text.charAt(j);
            if (d == q) {
                return new Quoted(b.toByteArray(), j + 1);
            }
            if (d == '\\') {
                if (j + 1 >= text.length()) {
                    break;
                }
                j = escape(text, j + 1, b);
                continue;
            }
            b.writeBytes(String.valueOf(d).getBytes(StandardCharsets.UTF_8));
            j++;
        }
        throw new ParseException("unterminated string (add the closing " + q + ")");
    }

    /** A string's bytes and where the text continues. */
    public record Quoted(byte[] bytes, int end) {
        public Quoted {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private static int escape(String s, int i, ByteArrayOutputStream b) throws ParseException {
        char e = s.charAt(i);
        switch (e) {
            case 'n' -> b.write('\n');
            case 't' -> b.write('\t');
            case 'r' -> b.write('\r');
            case 'a' -> b.write(7);
            case 'b' -> b.write(8);
            case 'f' -> b.write(12);
            case 'v' -> b.write(11);
            case 'e' -> b.write(27);
            case '\\' -> b.write('\\');
            case '"' -> b.write('"');
            case '\'' -> b.write('\'');
            case 'x' -> {
                int j = i + 1;
                int v = 0;
                int digits = 0;
                while (j < s.length() && digits < 2 && HEX.indexOf(Character.toLowerCase(s.charAt(j))) >= 0) {
                    v = v * 16 + HEX.indexOf(Character.toLowerCase(s.charAt(j)));
                    j++;
                    digits++;
                }
                if (digits == 0) {
                    throw new ParseException("\\x needs one or two hex digits");
                }
                b.write(v);
                return j;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int j = i;
                    int v = 0;
                    while (j < s.length() && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                        v = v * 8 + (s.charAt(j) - '0');
                        j++;
                    }
                    b.write(v & 0xFF);
                    return j;
                }
                throw new ParseException("unknown escape \\" + e + " in a string");
            }
        }
        return i + 1;
    }
}
