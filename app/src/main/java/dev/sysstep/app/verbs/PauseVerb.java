package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code pause [TEXT]}: wait for Enter when a script runs on a terminal. */
public final class PauseVerb extends Verb<String> {
    public PauseVerb() {
        super("pause", "", "pause [TEXT]", "Wait for Enter: in a script run on a terminal, sourced in the "
                + "REPL, or run by sysstep -i. Where nobody can press Enter it prints TEXT and goes on.");
    }

    @Override
    protected String parse(Args args) throws ParseException {
        return args.rest().isEmpty() ? null : EchoVerb.text(args.rest());
    }

    @Override
    protected Status run(String text, Context ctx) {
        ctx.pause(text);
        return Status.OK;
    }
}
