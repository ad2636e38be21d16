package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code next}: Run one phase, stepping over calls: at `call do_syscall_64` it runs the whole C part. */
public final class NextVerb extends Verb<Void> {
    public NextVerb() {
        super("next", "n", "next", "Run one phase, stepping over calls: at `call do_syscall_64` it runs the whole C part.");
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
        Motions.show(ctx, ctx.session().next());
        return Status.OK;
    }
}
