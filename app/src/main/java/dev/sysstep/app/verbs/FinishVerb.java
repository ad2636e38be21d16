package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code finish}: Run until the current C function returns to its caller. */
public final class FinishVerb extends Verb<Void> {
    public FinishVerb() {
        super("finish", "fin", "finish", "Run until the current C function returns to its caller.");
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
        Motions.show(ctx, ctx.session().finish());
        return Status.OK;
    }
}
