package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.lang.ParseException;

/** {@code run [--no-break]}: run on to a breakpoint, a changed watch or the end; never restarts. */
public final class RunVerb extends MotionVerb<Boolean> {
    public RunVerb() {
        super("run", "r", "run [--no-break]", "Run on, stopping at breakpoints and watches as gdb's run does; "
                + "--no-break runs to the end past them. Unlike gdb's, run never restarts the path (reset does), so a "
                + "value set at a stop stays in force.");
    }

    @Override
    public boolean repeatable() {
        return false;
    }

    @Override
    protected Boolean parse(Args args) throws ParseException {
        String opt = args.optional("--no-break");
        return opt == null;
    }

    @Override
    protected Status run(Boolean honourStops, Context ctx) {
        Motions.show(ctx, ctx.session().run(honourStops));
        return Status.OK;
    }
}
