package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;
import java.util.List;
import java.util.Optional;

/** {@code list [PHASE]}: the source of the current phase (or a named one): where it is and its instructions. */
public final class ListVerb extends Verb<Optional<String>> {
    public ListVerb() {
        super("list", "l", "list [PHASE]", "The current phase's source: file, function, release and lines, and its "
                + "instructions (gdb's list shows source lines; the kernel's own text is not shipped here).");
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
        ctx.show(Views.source(ExplainVerb.phase(ctx.session(), id.or(() -> Optional.of("next")))));
        return Status.OK;
    }
}
