package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.Session;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code info TOPIC}: gdb's info: breakpoints and watches, registers, the program, the profile. */
public final class InfoVerb extends Verb<Function<Session, Doc>> {
    public InfoVerb() {
        super("info", "i", "info breakpoints|registers|program|config",
                "Show breakpoints and watches, registers, the program or the profile.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? List.of("breakpoints", "watchpoints", "registers", "program", "config") : List.of();
    }

    @Override
    protected Function<Session, Doc> parse(Args args) throws ParseException {
        String what = args.one("a topic: breakpoints, watchpoints, registers, program, config");
        return switch (what.toLowerCase(Locale.ROOT)) {
            case "breakpoints", "break", "b", "watchpoints", "watch", "watches" -> Views::breakpoints;
            case "registers", "regs", "r" -> s -> Views.regs(s, false);
            case "program" -> s -> Views.program(s);
            case "config" -> s -> Views.config(s.config());
            default -> throw new ParseException("info: unknown topic '" + what
                    + "' (breakpoints, watchpoints, registers, program, config)");
        };
    }

    @Override
    protected Status run(Function<Session, Doc> view, Context ctx) {
        ctx.show(view.apply(ctx.session()));
        return Status.OK;
    }
}
