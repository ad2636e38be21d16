package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.Session;
import java.util.List;
import java.util.function.Function;

/**
 * The views that take no argument, one row each: the verb shows what its function makes of the
 * session.
 */
public final class ViewVerb extends Verb<Void> {
    private final Function<Session, Doc> view;

    private ViewVerb(String name, String aliases, String usage, String help, Function<Session, Doc> view) {
        super(name, aliases, usage, help);
        this.view = view;
    }

    /** Every such view. */
    public static List<Verb<?>> all() {
        return List.of(
                new ViewVerb("flags", "", "flags", "RFLAGS decoded: set flags in UPPER case, clear ones in lower case.",
                        Views::flags),
                new ViewVerb("cr3", "", "cr3", "CR3 decoded: page-table base, user/kernel half, PCID.", Views::cr3),
                new ViewVerb("bt", "backtrace", "bt", "The kernel call chain at this point, innermost first.", Views::bt),
                new ViewVerb("phases", "", "phases", "The whole path of this run, with a marker at the current step.",
                        Views::phases),
                new ViewVerb("where", "", "where", "Where the run stands: step number, CPL, the phase about to run. "
                        + "(gdb's where is a backtrace; here that is bt.)",
                        s -> Views.where(s.where())),
                new ViewVerb("fds", "", "fds", "The process's file descriptors.", Views::fds),
                new ViewVerb("result", "", "result", "The syscall's result, strace style, and how it returned.",
                        Views::result));
    }

    @Override
    protected Void parse(Args args) throws ParseException {
        args.none();
        return null;
    }

    @Override
    protected Status run(Void none, Context ctx) {
        if (name().equals("result") && ctx.quiet() && ctx.lastShown(Motions.resultKey(ctx))) {
            ctx.show(Views.resultWayBack(ctx.session()));
            return Status.OK;
        }
        ctx.show(view.apply(ctx.session()));
        return Status.OK;
    }
}
