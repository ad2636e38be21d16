package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code step [N]}: Run N phases (default 1) and show what each changed. Enter repeats it. */
public final class StepVerb extends Verb<Integer> {
    public StepVerb() {
        super("step", "s", "step [N]", "Run N phases (default 1) and show what each changed. Enter repeats it. A phase is "
                + "sysstep's unit where gdb's step runs a source line. In the REPL, more than one phase shows a line "
                + "each and the net change; `set verbose on` shows each in full.");
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
        Motions.show(ctx, ctx.session().step(n));
        return Status.OK;
    }
}
