package dev.sysstep.app.view;

/**
 * Bytes from the simulated program, made safe for a real terminal the way strace does it: C
 * escapes for \t \n \v \f \r, backslash and quote escaped, every other byte outside printable
 * ASCII as an octal escape. Nothing the program writes can reach the terminal as a control sequence.
 */
public final class Escape {
    private Escape() {
    }

    /** A quoted C string of at most {@code max} bytes, with "..." after it when there was more. */
    public static String quoted(byte[] data, int max) {
        int n = Math.min(data.length, max);
        return "\"" + escape(data, 0, n) + "\"" + (data.length > max ? "..." : "");
    }

    public static String escape(byte[] data, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = data[i] & 0xFF;
            switch (c) {
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case 0x0b -> b.append("\\v");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else {
                        boolean nextIsOctal = i + 1 < to && data[i + 1] >= '0' && data[i + 1] <= '7';
                        b.append('\\').append(nextIsOctal ? String.format("%03o", c) : Integer.toOctalString(c));
                    }
                }
            }
        }
        return b.toString();
    }

    /** Escapes text that came from the user or a file before it is shown (error messages echo input). */
    public static String text(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
