package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.Lexer;
import dev.sysstep.app.lang.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code ask EXPR ["QUESTION"]}: a prediction. The answer is taken now; the value is revealed, with
 * why, after the next motion has run (or at the end of the script when none follows).
 */
public final class AskVerb extends Verb<AskVerb.Question> {
    /** What to predict, and how the question reads. */
    public record Question(String expr, String text) {
    }

    public AskVerb() {
        super("ask", "", "ask EXPR [\"QUESTION\"]", "Ask for a prediction of EXPR (a register, ptregs.cx, exit, "
                + "errno, phase ...) as it will be after the next motion: the answer is taken now, the value revealed "
                + "and scored after that motion runs. e.g. ask rcx \"after syscall, RCX = ?\"");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? ExpectVerb.subjects() : List.of();
    }

    @Override
    protected Question parse(Args args) throws ParseException {
        String rest = args.rest().strip();
        String expr = rest;
        String text = null;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"' || c == '\'') {
                Lexer.Quoted q = Lexer.quoted(rest, i);
                if (q.end() == rest.length()) {
                    expr = rest.substring(0, i).strip();
                    text = new String(q.bytes(), StandardCharsets.UTF_8);
                    break;
                }
                i = q.end() - 1;
            }
        }
        if (expr.isEmpty()) {
            throw new ParseException("ask needs a value to predict, such as: ask rcx \"after syscall, RCX = ?\"");
        }
        if (!ExpectVerb.SPECIAL.contains(expr.toLowerCase(Locale.ROOT))) {
            Expr.check(expr); // a misspelt name stops the script before anything runs
        }
        return new Question(expr, text);
    }

    @Override
    protected Status run(Question q, Context ctx) {
        ctx.ask(q.expr(), q.text());
        return Status.OK;
    }
}
