package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code reverse-continue}: back to the last breakpoint's phase, or to the start, as gdb's reverse-continue. */
public final class ReverseContinueVerb extends Verb<Void> {
    public ReverseContinueVerb() {
        super("reverse-continue", "rc", "reverse-continue", "Go back to where a breakpoint's phase last started, or "
                + "to the start.");
    }

    @Override
    public boolean moves() {
        return true;
    }

    @Override
    public boolean repeatable() {
        return true;
    }

    @Override
    protected Void parse(Args args) throws ParseException {
        args.none();
        return null;
    }

    @Override
    protected Status run(Void none, Context ctx) {
        Motions.show(ctx, ctx.session().reverseContinue());
        return Status.OK;
    }
}
