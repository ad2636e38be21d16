package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;
import java.util.List;

/** {@code regs [all]}: the registers; {@code all} adds CR3, CR4 and the MSRs. */
public final class RegsVerb extends Verb<Boolean> {
    public RegsVerb() {
        super("regs", "", "regs [all]", "Registers; `all` adds CR3, CR4 and the MSRs.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? List.of("all") : List.of();
    }

    @Override
    protected Boolean parse(Args args) throws ParseException {
        return args.optional("all") != null;
    }

    @Override
    protected Status run(Boolean all, Context ctx) {
        ctx.show(Views.regs(ctx.session(), all));
        return Status.OK;
    }
}
