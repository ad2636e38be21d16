package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Suggest;
import dev.sysstep.core.session.SysstepException;
import java.util.List;
import java.util.Optional;

/** {@code explain [PHASE]}: what a phase does and why. */
public final class ExplainVerb extends Verb<Optional<String>> {
    public ExplainVerb() {
        super("explain", "", "explain [PHASE]", "What a phase does and why, in a few sentences.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? PhaseIds.of(c) : List.of();
    }

    @Override
    protected Optional<String> parse(Args args) throws ParseException {
        return Optional.ofNullable(args.optional(null));
    }

    @Override
    protected Status run(Optional<String> id, Context ctx) {
        ctx.show(Views.explain(phase(ctx.session(), id)));
        return Status.OK;
    }

    /** The named phase, or the one about to run (or that ran last, at the end). */
    static Phase phase(Session s, Optional<String> id) {
        if (id.isEmpty()) {
            return s.currentPhase().or(s::previousPhase).orElseThrow(() -> new SysstepException("no phase here; name one"));
        }
        return s.code().phaseById(id.get()).orElseThrow(() -> new SysstepException(
                Suggest.unknownPhase(id.get(), s.code())));
    }
}
