package dev.sysstep.app.lang;

import dev.sysstep.app.view.Escape;

/** gdb's output formats for print and display: /x hex, /d signed, /u unsigned, /t binary, /o octal, /c char, /a address. */
public enum Format {
    DEFAULT, HEX, DECIMAL, UNSIGNED, BINARY, OCTAL, CHAR, ADDRESS;

    /** The format of a {@code print/x} head ({@code print} alone: the default); a bad letter is an error. */
    public static Format of(String head, String verb) throws ParseException {
        int slash = head.indexOf('/');
        if (slash < 0) {
            return DEFAULT;
        }
        String f = head.substring(slash + 1);
        if (f.length() != 1) {
            throw new ParseException(verb + ": one format letter after '/' (x d u t o c a), not '" + f + "'");
        }
        return switch (f.charAt(0)) {
            case 'x' -> HEX;
            case 'd' -> DECIMAL;
            case 'u' -> UNSIGNED;
            case 't' -> BINARY;
            case 'o' -> OCTAL;
            case 'c' -> CHAR;
            case 'a' -> ADDRESS;
            default -> throw new ParseException(verb + ": unknown format letter '" + f + "' (x d u t o c a)");
        };
    }

    /** The value as gdb would print it: signed decimal by default, hex for /x and /a. */
    public String show(long v) {
        return switch (this) {
            case HEX, ADDRESS -> "0x" + Long.toHexString(v);
            case UNSIGNED -> Long.toUnsignedString(v);
            case BINARY -> Long.toBinaryString(v);
            case OCTAL -> v == 0 ? "0" : "0" + Long.toOctalString(v);
            case CHAR -> (v & 0xFF) + " " + Escape.quoted(new byte[] {(byte) v}, 1).replace('"', '\'');
            default -> Long.toString(v);
        };
    }
}
