package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;

/** {@code quit}: leave sysstep (Ctrl-D too). */
public final class QuitVerb extends Verb<Void> {
    public QuitVerb() {
        super("quit", "q exit", "quit", "Leave sysstep (Ctrl-D too).");
    }

    @Override
    protected Void parse(Args args) throws ParseException {
        args.none();
        return null;
    }

    @Override
    protected Status run(Void none, Context ctx) {
        return Status.QUIT;
    }
}
