package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.SysstepException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code source [PHASE|FILE]}: a phase's source reference and instructions, or a script to run; decided when it runs. */
public final class SourceVerb extends Verb<Optional<String>> {
    public SourceVerb() {
        super("source", "", "source [PHASE|FILE]", "A phase's source reference and instructions (with no "
                + "argument the phase about to run, as list), or run a script file, as gdb's source does.");
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
    protected Status run(Optional<String> arg, Context ctx) {
        if (arg.isEmpty() || ctx.session().code().phaseById(arg.get()).isPresent()) {
            // as list (and gdb's list): where the run stands, the phase about to run
            ctx.show(Views.source(ExplainVerb.phase(ctx.session(), arg.or(() -> Optional.of("next")))));
            return Status.OK;
        }
        Path p;
        try {
            p = Path.of(arg.get());
        } catch (InvalidPathException e) {
            throw new SysstepException("source: '" + arg.get() + "' is neither a phase id nor a file");
        }
        if (!Files.exists(p)) {
            throw new SysstepException("source: '" + arg.get() + "' is neither a phase id nor a file");
        }
        return ctx.source(p);
    }
}
