package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Lexer;
import dev.sysstep.app.lang.Names;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code expect LHS OP RHS}: check a value; a failure is reported and makes a script exit 1. */
public final class ExpectVerb extends Verb<ExpectVerb.Comparison> {
    /** {@code lhs op rhs}; {@code text} is the comparison as written. */
    public record Comparison(String lhs, String op, String rhs, String text) {
    }

    private static final String[] COMPARISONS = {"==", "!=", "<=", ">=", "<", ">"};
    /** What expect can compare besides expressions. */
    static final List<String> SPECIAL = List.of("phase", "terminal", "exit", "ret", "result", "errno", "syscall", "step",
            "position");

    public ExpectVerb() {
        super("expect", "", "expect LHS OP RHS", "Check a value; a failure is reported and a script exits 1. "
                + "e.g. expect rcx == 0x401b29, expect ptregs.ax == -ENOSYS, expect phase == entry.swapgs, "
                + "expect terminal == \"hi\\n\", expect exit == sysret");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? subjects() : List.of();
    }

    /** What expect (and ask) can be about: every register and field, and the special subjects. */
    static List<String> subjects() {
        List<String> out = new ArrayList<>(Names.targets());
        out.addAll(List.of("phase", "terminal", "exit", "ret", "errno", "syscall", "step"));
        return out;
    }

    @Override
    protected Comparison parse(Args args) throws ParseException {
        String rest = args.rest();
        if (rest.isEmpty()) {
            throw new ParseException("expect needs a comparison, such as: expect rax == 3");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"' || c == '\'') {
                i = Lexer.quoted(rest, i).end() - 1;
                continue;
            }
            if (rest.startsWith("<<", i) || rest.startsWith(">>", i)) {
                i++;
                continue;
            }
            for (String op : COMPARISONS) {
                if (rest.startsWith(op, i)) {
                    String lhs = rest.substring(0, i).strip();
                    String rhs = rest.substring(i + op.length()).strip();
                    if (lhs.isEmpty() || rhs.isEmpty()) {
                        throw new ParseException("expect needs a value on both sides of " + op);
                    }
                    if (!SPECIAL.contains(lhs.toLowerCase(Locale.ROOT))) {
                        // a misspelt name stops the script before anything runs, with file:line
                        Expr.check(lhs);
                        Expr.check(rhs);
                    }
                    return new Comparison(lhs, op, rhs, rest);
                }
            }
        }
        throw new ParseException("expect needs one of == != < <= > >= (got '" + rest + "')");
    }

    @Override
    protected Status run(Comparison e, Context ctx) throws ParseException {
        Judge.Verdict v = Judge.judge(ctx, e);
        if (v.holds()) {
            ctx.expectPassed(e.text());
            return Status.OK;
        }
        ctx.expectFailed("expect " + e.text() + " failed: " + e.lhs().strip() + " is " + v.actual() + ", expected "
                + e.op() + " " + v.expected());
        return Status.EXPECT_FAILED;
    }
}
