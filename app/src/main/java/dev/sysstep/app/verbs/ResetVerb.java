package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code reset}: Back to the start; forgets what ran, keeps what you set up before the first step. */
public final class ResetVerb extends Verb<Void> {
    public ResetVerb() {
        super("reset", "", "reset", "Back to the start; forgets what ran, keeps what you set up before the first step.");
    }

    @Override
    public boolean repeatable() {
        return false;
    }

    @Override
    protected Void parse(Args args) throws ParseException {
        args.none();
        return null;
    }

    @Override
    protected Status run(Void none, Context ctx) {
        Motions.show(ctx, ctx.session().reset());
        return Status.OK;
    }
}
