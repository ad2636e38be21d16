package dev.sysstep.app.lang;

import java.math.BigInteger;

/**
 * Integer expressions for {@code set}, {@code expect} and {@code x}: numbers in hex or decimal,
 * names (registers, pt_regs fields, MSRs, errno names such as EBADF, flags such as TF, selectors
 * such as __USER_CS, symbols), and C operators {@code | ^ & << >> + - * ~} with parentheses ({@code >>} is logical: values are
 * register contents). All
 * arithmetic is 64-bit two's complement.
 */
public final class Expr {
    /** Resolves a name to a value, or explains why it cannot. */
    @FunctionalInterface
    public interface Names {
        long resolve(String name) throws ParseException;

        /** The 8-byte word at {@code address}, as the CPU would read it now (gdb's {@code *ADDR}). */
        default long load(long address) throws ParseException {
            throw new ParseException("memory cannot be read here");
        }
    }

    /** Parentheses and unary operators nest at most this deep: deeper input is an error, not a stack overflow. */
    static final int MAX_NESTING = 256;

    private final String text;
    private final Names names;
    private int pos;
    private int nesting;

    private Expr(String text, Names names) {
        this.text = text;
        this.names = names;
    }

    /**
     * Checks an expression as a script is parsed: its syntax, and that every name is one some session
     * could resolve. Nothing is read; the values are stand-ins.
     */
    public static void check(String text) throws ParseException {
        try {
            evaluate(text, StaticNames.INSTANCE);
        } catch (ArithmeticException e) {
            // a stand-in value divided by a stand-in: only the real values decide
        }
    }

    public static long evaluate(String text, Names names) throws ParseException {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new ParseException("a value is missing");
        }
        Expr e = new Expr(t, names);
        long v = e.or();
        e.skip();
        if (e.pos < t.length()) {
            throw new ParseException("unexpected '" + t.substring(e.pos) + "' in '" + t + "'");
        }
        return v;
    }

    /** Parses a plain number: 0x1f, 31, -5, 0xffff_ffff. */
    public static long number(String s) throws ParseException {
        String t = s.strip().replace("_", "");
        boolean neg = t.startsWith("-");
        if (neg || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            BigInteger v;
            // only ASCII digits: BigInteger would also take other scripts' digits
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = new BigInteger(ascii(t.substring(2), "0123456789abcdefABCDEF", s), 16);
            } else if (t.startsWith("0b") || t.startsWith("0B")) {
                v = new BigInteger(ascii(t.substring(2), "01", s), 2);
            } else {
                v = new BigInteger(ascii(t, "0123456789", s), 10);
            }
            if (v.bitLength() > 64) {
                throw new ParseException("number " + s.strip() + " does not fit in 64 bits");
            }
            long l = v.longValue();
            return neg ? -l : l;
        } catch (NumberFormatException e) {
            throw new ParseException("bad number '" + s.strip() + "'");
        }
    }

    /** {@code digits} when every character is one of {@code allowed} (and there are few enough), else an error. */
    private static String ascii(String digits, String allowed, String original) throws ParseException {
        if (digits.isEmpty() || digits.length() > 70) {
            throw new ParseException("bad number '" + original.strip() + "'");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (allowed.indexOf(digits.charAt(i)) < 0) {
                throw new ParseException("bad number '" + original.strip() + "'");
            }
        }
        return digits;
    }

    /** True for the ASCII digits 0-9 only. */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void enter() throws ParseException {
        if (++nesting > MAX_NESTING) {
            throw new ParseException("the expression nests more than " + MAX_NESTING + " levels deep");
        }
    }

    private void skip() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String op) {
        skip();
        if (text.startsWith(op, pos)) {
            pos += op.length();
            return true;
        }
        return false;
    }

    private long or() throws ParseException {
        long v = xor();
        while (peek("|") && !peek("||")) {
            eat("|");
            v |= xor();
        }
        return v;
    }

    private long xor() throws ParseException {
        long v = and();
        while (eat("^")) {
            v ^= and();
        }
        return v;
    }

    private long and() throws ParseException {
        long v = shift();
        while (peek("&") && !peek("&&")) {
            eat("&");
            v &= shift();
        }
        return v;
    }

    private long shift() throws ParseException {
        long v = add();
        while (true) {
            if (eat("<<")) {
                v <<= add();
            } else if (eat(">>")) {
                v >>>= add();
            } else {
                return v;
            }
        }
    }

    private long add() throws ParseException {
        long v = mul();
        while (true) {
            if (eat("+")) {
                v += mul();
            } else if (eat("-")) {
                v -= mul();
            } else {
                return v;
            }
        }
    }

    private long mul() throws ParseException {
        long v = unary();
        while (eat("*")) {
            v *= unary();
        }
        return v;
    }

    private boolean peek(String op) {
        skip();
        return text.startsWith(op, pos);
    }

    private long unary() throws ParseException {
        enter();
        try {
            if (eat("-")) {
                return -unary();
            }
            if (eat("~")) {
                return ~unary();
            }
            if (eat("+")) {
                return unary();
            }
            if (eat("*")) {
                return names.load(unary());
            }
            return primary();
        } finally {
            nesting--;
        }
    }

    private long primary() throws ParseException {
        skip();
        if (eat("(")) {
            long v = or();
            if (!eat(")")) {
                throw new ParseException("missing ')' in '" + text + "'");
            }
            return v;
        }
        if (pos >= text.length()) {
            throw new ParseException("a value is missing at the end of '" + text + "'");
        }
        int start = pos;
        char c = text.charAt(pos);
        if (isDigit(c)) {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return number(text.substring(start, pos));
        }
        if (c == '$' || c == '%' || Character.isLetter(c) || c == '_') {
            pos++;
            while (pos < text.length()) {
                char d = text.charAt(pos);
                boolean arrow = d == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '>';
                if (Character.isLetterOrDigit(d) || d == '_' || d == '.' || arrow) {
                    pos += arrow ? 2 : 1;
                } else {
                    break;
                }
            }
            return names.resolve(text.substring(start, pos));
        }
        throw new ParseException("unexpected '" + text.substring(pos) + "' in '" + text + "'");
    }
}
