package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.session.SysstepException;

/** {@code undisplay [N]}: remove display N, or all of them. */
public final class UndisplayVerb extends Verb<Integer> {
    public UndisplayVerb() {
        super("undisplay", "", "undisplay [N]", "Remove display expression N, or all of them.");
    }

    @Override
    protected Integer parse(Args args) throws ParseException {
        String n = args.optional(null);
        return n == null ? null : Args.count("undisplay", n);
    }

    @Override
    protected Status run(Integer n, Context ctx) {
        if (n == null) {
            ctx.displays().clear();
            ctx.showMotion(Doc.of("all display expressions removed", Style.DIM));
            return Status.OK;
        }
        if (ctx.displays().remove(n) == null) {
            throw new SysstepException("no display number " + n);
        }
        ctx.showMotion(Doc.of("display " + n + " removed", Style.DIM));
        return Status.OK;
    }
}
