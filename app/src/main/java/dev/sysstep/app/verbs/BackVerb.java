package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code back [N]}: Go back N phases; the state is restored exactly. */
public final class BackVerb extends Verb<Integer> {
    public BackVerb() {
        super("back", "reverse-step rs", "back [N]", "Go back N phases; the state is restored exactly (gdb's reverse-step). "
                + "Unlike gdb, `b` is break, not back.");
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
        Motions.show(ctx, ctx.session().back(n));
        return Status.OK;
    }
}
