package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code run}: Run to the end of the path, ignoring breakpoints and watches. */
public final class RunVerb extends Verb<Void> {
    public RunVerb() {
        super("run", "r", "run", "Run to the end of the path, ignoring breakpoints and watches.");
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
        Motions.show(ctx, ctx.session().run());
        return Status.OK;
    }
}
