package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.StepReport;

/**
 * {@code reset [all]}: back to the start, keeping the setup (and saying what it keeps); {@code reset
 * all} goes back to the default session: the seed's program, the default profile, no edits, no breakpoints.
 */
public final class ResetVerb extends MotionVerb<Boolean> {
    public ResetVerb() {
        super("reset", "", "reset [all]", "Back to the start: forgets what ran, keeps what you set up before the "
                + "first step and says what. `reset all`: the default session (program, profile, no edits, no "
                + "breakpoints or displays).");
    }

    @Override
    public boolean repeatable() {
        return false;
    }

    @Override
    protected Boolean parse(Args args) throws ParseException {
        return args.optional("all") != null;
    }

    @Override
    protected Status run(Boolean all, Context ctx) {
        if (all) {
            StepReport r = ctx.session().resetAll();
            ctx.displays().clear();
            Doc d = Doc.of("< reset all: the default session, step 0", Style.HEADER);
            d.append(Views.program(ctx.session()));
            ctx.showMotion(d);
            return Status.OK;
        }
        Motions.show(ctx, ctx.session().reset());
        if ((!ctx.session().setup().isEmpty() || !ctx.session().forgottenByLastRestart().isEmpty()) && !ctx.quiet()) {
            Doc d = new Doc();
            Motions.keptAndDropped(d, ctx.session(), java.util.List.of());
            ctx.show(d);
        }
        return Status.OK;
    }
}
