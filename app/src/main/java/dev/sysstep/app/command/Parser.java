package dev.sysstep.app.command;

import dev.sysstep.app.lang.Lexer;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.core.session.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns one line of the sysstep language into commands, each parsed by its verb. */
public final class Parser {
    private Parser() {
    }

    /** Parses every command of a line (commands are separated by ';'). */
    public static List<Command> parseLine(String line) throws ParseException {
        List<Command> out = new ArrayList<>();
        for (Lexer.Segment s : Lexer.commands(line)) {
            out.add(parse(s.text()));
        }
        return out;
    }

    public static Command parse(String text) throws ParseException {
        String t = text.strip();
        int sp = 0;
        while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) {
            sp++;
        }
        String head = t.substring(0, sp).toLowerCase(Locale.ROOT);
        String rest = t.substring(sp).strip();
        if (head.startsWith("x/")) {
            // gdb glues the format to the verb: x/8gx
            Verb<?> x = Verbs.byName("x").orElseThrow();
            return x.command(new Args(head, rest, List.of()), t);
        }
        Verb<?> verb = Verbs.byName(head).orElseThrow(() -> new ParseException("unknown command '" + head + "'"
                + Suggest.closest(head, Verbs.names()).map(s -> " (did you mean '" + s + "'?)").orElse("; try help")));
        return verb.command(Args.of(verb.name(), rest), t);
    }
}
