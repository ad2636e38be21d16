package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;

/** {@code stack [N]}: N 8-byte slots from RSP, each with what it is. */
public final class StackVerb extends Verb<Integer> {
    public StackVerb() {
        super("stack", "", "stack [N]", "N 8-byte slots from RSP, with what each slot is.");
    }

    @Override
    protected Integer parse(Args args) throws ParseException {
        return args.isEmpty() ? 8 : args.count();
    }

    @Override
    protected Status run(Integer slots, Context ctx) {
        ctx.show(Views.stack(ctx.session(), slots));
        return Status.OK;
    }
}
