package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Context;
import dev.sysstep.app.lang.Lexer;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Hex;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SyscallResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a value of the session compares with what someone said it is: {@code expect} checks a
 * script's claim with it, {@code ask} a student's prediction. Registers and expressions compare as
 * numbers; phase, terminal, exit, errno and syscall as what they are.
 */
public final class Judge {
    private Judge() {
    }

    /** Whether the comparison holds, and both sides as they read in a message. */
    public record Verdict(boolean holds, String actual, String expected) {
    }

    /** Judges {@code e} against the session as it stands. */
    public static Verdict judge(Context ctx, ExpectVerb.Comparison e) throws ParseException {
        Session session = ctx.session();
        String lhs = e.lhs().strip();
        String key = lhs.toLowerCase(Locale.ROOT);
        Optional<SyscallResult> result = session.result();
        String actual;
        String expected;
        boolean ok;
        switch (key) {
            case "phase" -> {
                actual = session.currentPhase().map(Phase::id).orElse("end");
                expected = unquote(e.rhs());
                ok = compareText(e, actual, expected);
            }
            case "terminal" -> {
                byte[] t = session.state().process().terminalOutput();
                byte[] want = bytes(e.rhs());
                actual = Escape.quoted(t, 4096);
                expected = Escape.quoted(want, 4096);
                ok = compareBytes(e, t, want);
            }
            case "exit" -> {
                actual = result.map(r -> r.outcome().kind().label()).orElse("not ended");
                expected = unquote(e.rhs());
                ok = compareText(e, actual.toLowerCase(Locale.ROOT), expected.toLowerCase(Locale.ROOT));
            }
            case "errno" -> {
                actual = result.flatMap(SyscallResult::errno).orElse("none");
                expected = unquote(e.rhs()).toUpperCase(Locale.ROOT).replaceFirst("^-", "");
                ok = compareText(e, actual.toUpperCase(Locale.ROOT), expected);
            }
            case "syscall" -> {
                actual = result.map(SyscallResult::syscall).orElse("none");
                expected = unquote(e.rhs());
                ok = compareText(e, actual, expected);
            }
            case "ret", "result" -> {
                long want = ctx.value(e.rhs());
                expected = describe(want);
                if (result.isEmpty() || result.get().ret().isEmpty()) {
                    actual = result.isEmpty() ? "none (the path has not ended)" : "none (no value was returned)";
                    ok = false;
                } else {
                    long a = result.get().ret().getAsLong();
                    actual = describe(a);
                    ok = compareNumbers(e.op(), a, want, true);
                }
            }
            case "step", "position" -> {
                long a = session.position();
                long want = ctx.value(e.rhs());
                actual = Long.toString(a);
                expected = Long.toString(want);
                ok = compareNumbers(e.op(), a, want, true);
            }
            default -> {
                long a = ctx.value(lhs);
                long want = ctx.value(e.rhs());
                actual = describe(a);
                expected = describe(want);
                boolean signed = e.rhs().strip().startsWith("-");
                ok = compareNumbers(e.op(), a, want, signed);
            }
        }
        return new Verdict(ok, actual, expected);
    }

    /** A number as a verdict shows it: hex, with the decimal and the errno name where they help. */
    public static String describe(long v) {
        return Hex.x(v) + (v < 0 && v > -4096 ? " (" + v + Errno.name(-v).map(n -> ", -" + n).orElse("") + ")"
                : v >= 0 && v < 1_000_000 ? " (" + v + ")" : "");
    }

    private static boolean compareText(ExpectVerb.Comparison e, String a, String b) throws ParseException {
        return switch (e.op()) {
            case "==" -> a.equals(b);
            case "!=" -> !a.equals(b);
            default -> throw new ParseException("expect: only == and != compare " + e.lhs().strip());
        };
    }

    private static boolean compareBytes(ExpectVerb.Comparison e, byte[] a, byte[] b) throws ParseException {
        return switch (e.op()) {
            case "==" -> Arrays.equals(a, b);
            case "!=" -> !Arrays.equals(a, b);
            default -> throw new ParseException("expect: only == and != compare the terminal");
        };
    }

    private static boolean compareNumbers(String op, long a, long b, boolean signed) {
        int c = signed ? Long.compare(a, b) : Long.compareUnsigned(a, b);
        return switch (op) {
            case "==" -> a == b;
            case "!=" -> a != b;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static String unquote(String s) throws ParseException {
        String t = s.strip();
        if (t.startsWith("\"") || t.startsWith("'")) {
            return new String(bytes(t), StandardCharsets.UTF_8);
        }
        return t;
    }

    private static byte[] bytes(String s) throws ParseException {
        String t = s.strip();
        if (!(t.startsWith("\"") || t.startsWith("'"))) {
            throw new ParseException("expect: compare the terminal with a string, such as \"hi\\n\"");
        }
        Lexer.Quoted q = Lexer.quoted(t, 0);
        if (q.end() != t.length()) {
            throw new ParseException("expect: unexpected text after the string");
        }
        return q.bytes();
    }
}
