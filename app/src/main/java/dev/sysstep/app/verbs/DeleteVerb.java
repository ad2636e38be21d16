package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import java.util.Optional;

/** {@code delete [N]}: delete one breakpoint or watch, or all of them. */
public final class DeleteVerb extends Verb<Optional<Integer>> {
    public DeleteVerb() {
        super("delete", "d", "delete [N]", "Delete breakpoint or watch N, or all of them.");
    }

    @Override
    protected Optional<Integer> parse(Args args) throws ParseException {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Args.count("delete", args.one("a breakpoint number")));
    }

    @Override
    protected Status run(Optional<Integer> id, Context ctx) {
        ctx.session().delete(id.orElse(null));
        ctx.showMotion(Doc.of(id.isEmpty() ? "deleted all breakpoints and watches" : "deleted " + id.get(), Style.PLAIN));
        return Status.OK;
    }
}
