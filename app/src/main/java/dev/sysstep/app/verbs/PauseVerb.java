package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code pause [TEXT]}: wait for Enter when a script runs on a terminal. */
public final class PauseVerb extends Verb<String> {
    public PauseVerb() {
        super("pause", "", "pause [TEXT]", "Wait for Enter when a script runs on a terminal.");
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
