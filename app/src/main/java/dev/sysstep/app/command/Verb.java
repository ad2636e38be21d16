package dev.sysstep.app.command;

import dev.sysstep.app.lang.ParseException;
import java.util.List;

/**
 * One verb of the command language, all in one place: its names, usage and help, whether Enter
 * repeats it, what it completes, how it parses its arguments (into {@code A}) and what it does.
 * Adding a verb is one subclass listed in {@link Verbs}.
 *
 * @param <A> what the verb's arguments parse into
 */
public abstract class Verb<A> {
    private final String name;
    private final List<String> aliases;
    private final String usage;
    private final String help;

    protected Verb(String name, String aliases, String usage, String help) {
        this.name = name;
        this.aliases = aliases.isEmpty() ? List.of() : List.of(aliases.split(" "));
        this.usage = usage;
        this.help = help;
    }

    public final String name() {
        return name;
    }

    public final List<String> aliases() {
        return aliases;
    }

    public final String usage() {
        return usage;
    }

    public final String help() {
        return help;
    }

    /** Whether the verb takes a gdb format glued to it with a slash ({@code x/8gx}, {@code p/x}). */
    public boolean takesFormat() {
        return false;
    }

    /** Whether pressing Enter on an empty line repeats this command (gdb's habit for motions). */
    public boolean repeatable() {
        return false;
    }

    /**
     * Whether the verb moves the session along the path (step, run, back, goto, reset ...): a quiz
     * reveals its answers after such a command, and asks its own questions before a forward one.
     */
    public boolean moves() {
        return false;
    }

    /** Words the line editor may offer for argument {@code index} (1-based) after {@code words}. */
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return List.of();
    }

    /** Parses the words after the verb, checking everything that can be checked before anything runs. */
    protected abstract A parse(Args args) throws ParseException;

    /** Runs the parsed command. */
    protected abstract Status run(A args, Context ctx) throws ParseException;

    /** Parses into a command ready to run. */
    public final Command command(Args args, String text) throws ParseException {
        return new Command(this, parse(args), text);
    }

    @SuppressWarnings("unchecked")
    final Status runUnchecked(Object args, Context ctx) throws ParseException {
        return run((A) args, ctx);
    }
}
