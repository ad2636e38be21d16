package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import java.util.List;
import java.util.Optional;

/** {@code terminal [input "TEXT"]}: what the program wrote to the terminal; or type input for it to read. */
public final class TerminalVerb extends Verb<Optional<byte[]>> {
    public TerminalVerb() {
        super("terminal", "", "terminal [input \"TEXT\"]", "What the program wrote to /dev/pts/0; or give it input to read.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? List.of("input") : List.of();
    }

    @Override
    protected Optional<byte[]> parse(Args args) throws ParseException {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        if (args.size() == 2 && args.word(0).text().equalsIgnoreCase("input") && args.word(1).isString()) {
            return Optional.of(args.word(1).bytes());
        }
        throw new ParseException("terminal takes no arguments, or: terminal input \"text\\n\"");
    }

    @Override
    protected Status run(Optional<byte[]> input, Context ctx) {
        if (input.isEmpty()) {
            ctx.show(Views.terminal(ctx.session()));
            return Status.OK;
        }
        ctx.session().setTerminalInput(input.get());
        ctx.showMotion(Doc.of("terminal input: " + Escape.quoted(input.get(), 64), Style.PLAIN));
        return Status.OK;
    }
}
