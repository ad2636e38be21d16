package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.session.Stops;
import java.util.List;

/** {@code break PHASE|GLOB}: stop before a phase whose id matches, as gdb's break stops before a location. */
public final class BreakVerb extends Verb<String> {
    public BreakVerb() {
        super("break", "b br", "break PHASE|GLOB", "Stop when a phase whose id matches is about to run, e.g. break exit.check.*");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? PhaseIds.of(c) : List.of();
    }

    @Override
    protected String parse(Args args) throws ParseException {
        return args.one("a phase id or glob such as exit.check.*");
    }

    @Override
    protected Status run(String glob, Context ctx) {
        Stops.Breakpoint bp = ctx.session().addBreakpoint(glob);
        ctx.showMotion(Doc.of("breakpoint " + bp.id() + " at " + bp.glob().pattern(), Style.PLAIN));
        return Status.OK;
    }
}
