package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import java.util.List;

/** {@code goto PHASE|N}: to where a phase starts on this run's path, or to the state after N instructions. */
public final class GotoVerb extends MotionVerb<String> {
    public GotoVerb() {
        super("goto", "", "goto PHASE|N", "Go to where a phase starts, or to step N (the state after N instructions).");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? PhaseIds.of(c) : List.of();
    }

    @Override
    public boolean repeatable() {
        return false;
    }

    @Override
    protected String parse(Args args) throws ParseException {
        return args.one("a phase id or a step number");
    }

    @Override
    protected Status run(String target, Context ctx) throws ParseException {
        if (!target.isEmpty() && dev.sysstep.app.lang.Expr.isDigit(target.charAt(0))) {
            Motions.show(ctx, ctx.session().goTo(Expr.number(target)));
        } else {
            Motions.show(ctx, ctx.session().goTo(target));
        }
        return Status.OK;
    }
}
