package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Names;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.session.Stops;
import dev.sysstep.core.session.Target;
import java.util.List;

/** {@code watch TARGET}: stop after the instruction that changes a register, MSR or pt_regs field. */
public final class WatchVerb extends Verb<Target> {
    public WatchVerb() {
        super("watch", "", "watch TARGET", "Stop when a register, MSR or pt_regs field changes, e.g. watch ptregs.ax");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? Names.targets() : List.of();
    }

    @Override
    protected Target parse(Args args) throws ParseException {
        String t = args.one("a register (rcx), an MSR (kernel_gs_base) or a pt_regs field (ptregs.ip)");
        return Target.parse(t).orElseThrow(() -> new ParseException(Names.unknownTarget(t)));
    }

    @Override
    protected Status run(Target t, Context ctx) {
        Stops.Watch w = ctx.session().addWatch(t);
        ctx.showMotion(Doc.of("watch " + w.id() + ": " + w.target().name(), Style.PLAIN));
        return Status.OK;
    }
}
