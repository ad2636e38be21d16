package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Suggest;
import dev.sysstep.core.session.SysstepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code explain [PHASE|next]}: what a phase does and why: the one that just ran, the next one, or a named one. */
public final class ExplainVerb extends Verb<Optional<String>> {
    public ExplainVerb() {
        super("explain", "", "explain [PHASE|next]", "What a phase does and why: with no argument the phase that just "
                + "ran, `explain next` the one about to run, or a phase by id.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        if (index != 1) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of("next"));
        out.addAll(PhaseIds.of(c));
        return out;
    }

    @Override
    protected Optional<String> parse(Args args) throws ParseException {
        return Optional.ofNullable(args.optional(null));
    }

    @Override
    protected Status run(Optional<String> id, Context ctx) {
        Session s = ctx.session();
        Phase p = phase(s, id);
        Doc d = new Doc();
        if (id.isEmpty()) {
            d.line().add(s.previousPhase().isPresent() ? "the phase that just ran:" : "nothing has run yet; the first "
                    + "phase:", Style.DIM);
        } else if (id.get().equals("next")) {
            d.line().add(s.currentPhase().isPresent() ? "the phase about to run:" : "the path has ended; the last "
                    + "phase:", Style.DIM);
        }
        ctx.show(d.append(Views.explain(p)));
        return Status.OK;
    }

    /**
     * The named phase; {@code next}: the one about to run (or that ran last, at the end); none: the one
     * that just ran (or the first, before anything ran).
     */
    static Phase phase(Session s, Optional<String> id) {
        if (id.isEmpty()) {
            return s.previousPhase().or(s::currentPhase).orElseThrow(() -> new SysstepException("no phase here; name one"));
        }
        if (id.get().equals("next")) {
            return s.currentPhase().or(s::previousPhase).orElseThrow(() -> new SysstepException("no phase here; name one"));
        }
        return s.code().phaseById(id.get()).orElseThrow(() -> new SysstepException(
                Suggest.unknownPhase(id.get(), s.code())));
    }
}
