package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code continue}: Run until a breakpoint, a changed watch, or the end of the path. */
public final class ContinueVerb extends Verb<Void> {
    public ContinueVerb() {
        super("continue", "c cont", "continue", "Run until a breakpoint, a changed watch, or the end of the path. "
                + "Continuing from a breakpoint's own phase does not stop there again.");
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
        Motions.show(ctx, ctx.session().cont());
        return Status.OK;
    }
}
