package dev.sysstep.app.command;

import dev.sysstep.app.lang.Lexer;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.core.session.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns one line of the sysstep language into commands, each parsed by its verb. */
public final class Parser {
    /** No line of the language is longer: a longer one is an error before any work is done on it. */
    public static final int MAX_LINE = 65_536;
    /** No word (a name, a number, an expression without blanks, a string) is longer. */
    public static final int MAX_WORD = 4_096;

    private Parser() {
    }

    /** Parses every command of a line (commands are separated by ';'). */
    public static List<Command> parseLine(String line) throws ParseException {
        if (line.length() > MAX_LINE) {
            throw new ParseException("a line of " + line.length() + " characters; at most " + MAX_LINE + " are allowed");
        }
        int run = 0;
        for (int i = 0; i < line.length(); i++) {
            run = Character.isWhitespace(line.charAt(i)) || line.charAt(i) == ';' ? 0 : run + 1;
            if (run > MAX_WORD) {
                throw new ParseException("a word of more than " + MAX_WORD + " characters at column " + (i - run + 2)
                        + "; no name, number or string is that long");
            }
        }
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
        int slash = head.indexOf('/');
        if (slash > 0) {
            // gdb glues a format to the verb: x/8gx, p/x, display/x
            String name = head.substring(0, slash);
            Verb<?> v = Verbs.byName(name).filter(Verb::takesFormat).orElseThrow(() -> new ParseException(
                    "unknown command '" + head + "'" + (Verbs.byName(name).isPresent() ? ": " + name + " takes no /FORMAT"
                    : "; try help")));
            return v.command(name.equals("x") ? new Args(head, rest, List.of()) : Args.of(head, rest), t);
        }
        Verb<?> verb = Verbs.byName(head).orElseThrow(() -> new ParseException("unknown command '" + head + "'"
                + Suggest.closest(head, Verbs.names()).map(s -> " (did you mean '" + s + "'?)").orElse("; try help")));
        return verb.command(Args.of(verb.name(), rest), t);
    }
}
