package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;

/** {@code ptregs [-k]}: struct pt_regs field by field, read as the CPU could now, or the kernel's view with -k. */
public final class PtRegsVerb extends Verb<Boolean> {
    public PtRegsVerb() {
        super("ptregs", "", "ptregs [-k]", "struct pt_regs on the kernel stack, field by field. Read through the "
                + "current CR3: with KPTI's user page tables loaded it is not there; -k shows the kernel's view.");
    }

    @Override
    protected Boolean parse(Args args) throws ParseException {
        return args.optional("-k") != null;
    }

    @Override
    protected Status run(Boolean kernelView, Context ctx) {
        ctx.show(Views.ptregs(ctx.session(), kernelView));
        return Status.OK;
    }
}
