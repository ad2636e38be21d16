package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code reverse-next}: one phase back, stepping over calls, as gdb's reverse-next. */
public final class ReverseNextVerb extends Verb<Void> {
    public ReverseNextVerb() {
        super("reverse-next", "rn", "reverse-next", "One phase back, stepping over calls: from after do_syscall_64 "
                + "back to its call in one move.");
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
        Motions.show(ctx, ctx.session().reverseNext());
        return Status.OK;
    }
}
