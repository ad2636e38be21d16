package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Lexer;
import dev.sysstep.app.lang.ParseException;
import java.nio.charset.StandardCharsets;

/** {@code echo TEXT}: print text (scripts). */
public final class EchoVerb extends Verb<String> {
    public EchoVerb() {
        super("echo", "", "echo TEXT", "Print text (scripts).");
    }

    /** One string, or the plain text after the verb. */
    static String text(String rest) throws ParseException {
        String r = rest.strip();
        if (r.startsWith("\"") || r.startsWith("'")) {
            Lexer.Quoted q = Lexer.quoted(r, 0);
            if (q.end() != r.length()) {
                throw new ParseException("echo takes one string, or plain text");
            }
            return new String(q.bytes(), StandardCharsets.UTF_8);
        }
        return r;
    }

    @Override
    protected String parse(Args args) throws ParseException {
        return text(args.rest());
    }

    @Override
    protected Status run(String text, Context ctx) {
        ctx.narrate(text);
        return Status.OK;
    }
}
