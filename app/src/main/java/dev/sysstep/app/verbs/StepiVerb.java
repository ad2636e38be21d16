package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code stepi [N]}: Run N machine instructions (a C phase counts as one). */
public final class StepiVerb extends Verb<Integer> {
    public StepiVerb() {
        super("stepi", "si", "stepi [N]", "Run N machine instructions (a C phase counts as one).");
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
    protected Integer parse(Args args) throws ParseException {
        return args.count();
    }

    @Override
    protected Status run(Integer n, Context ctx) {
        Motions.show(ctx, ctx.session().stepi(n));
        return Status.OK;
    }
}
