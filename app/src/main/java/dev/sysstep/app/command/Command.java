package dev.sysstep.app.command;

import dev.sysstep.app.lang.ParseException;

/**
 * A parsed command of the sysstep language: its verb, what its arguments parsed into, and the text
 * it was written as.
 */
public record Command(Verb<?> verb, Object args, String text) {
    public Status run(Context ctx) throws ParseException {
        return verb.runUnchecked(args, ctx);
    }
}
