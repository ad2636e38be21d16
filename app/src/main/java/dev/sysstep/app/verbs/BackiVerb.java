package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code backi [N]}: Go back N instructions. */
public final class BackiVerb extends Verb<Integer> {
    public BackiVerb() {
        super("backi", "reverse-stepi rsi", "backi [N]", "Go back N instructions (gdb's reverse-stepi).");
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
        Motions.show(ctx, ctx.session().backi(n));
        return Status.OK;
    }
}
