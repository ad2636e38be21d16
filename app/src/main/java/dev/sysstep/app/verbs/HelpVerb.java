package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.command.Verbs;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.session.Suggest;
import dev.sysstep.core.session.SysstepException;
import java.util.List;
import java.util.Optional;

/** {@code help [COMMAND]}: the list of commands, or one command's help. */
public final class HelpVerb extends Verb<Optional<String>> {
    public HelpVerb() {
        super("help", "h ?", "help [COMMAND]", "This list, or one command's help.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? Verbs.namesAndAliases() : List.of();
    }

    @Override
    protected Optional<String> parse(Args args) throws ParseException {
        return Optional.ofNullable(args.isEmpty() ? null : args.word(0).text());
    }

    @Override
    protected Status run(Optional<String> topic, Context ctx) {
        ctx.show(help(topic));
        return Status.OK;
    }

    public static Doc help(Optional<String> topic) {
        Doc d = new Doc();
        if (topic.isEmpty()) {
            d.line().add("Commands (gdb habits work; Enter repeats a step command):", Style.TITLE);
            // the usage column fits all but the longest forms, which take a line of their own
            int column = 2 + Verbs.all().stream().mapToInt(v -> v.usage().length()).filter(n -> n <= 24).max()
                    .orElse(24) + 2;
            for (Verb<?> v : Verbs.all()) {
                if (v.usage().length() > column - 4) {
                    d.line().add("  " + v.usage(), Style.HEADER);
                    d.line().add(" ".repeat(column)).hanging(firstSentence(v.help()), Style.PLAIN);
                } else {
                    d.line().add("  " + v.usage(), Style.HEADER).pad(column).hanging(firstSentence(v.help()), Style.PLAIN);
                }
            }
            d.line().add("help COMMAND for more; values: 0x10, -9, -EBADF, TF|IF, $rsp+8, ptregs.ip; strings take C escapes.",
                    Style.DIM);
            return d;
        }
        String t = topic.get();
        Verb<?> v = Verbs.byName(t).orElseThrow(() -> new SysstepException("no command '" + t + "'"
                + Suggest.didYouMean(t, Verbs.names())));
        d.line().add(v.usage(), Style.HEADER);
        if (!v.aliases().isEmpty()) {
            d.line().add("  also: " + String.join(", ", v.aliases()), Style.DIM);
        }
        d.line().prose("  " + v.help(), Style.PLAIN);
        return d;
    }

    /** Up to the first full stop that ends a sentence (not the one in "e.g."). */
    private static String firstSentence(String s) {
        int from = 0;
        while (true) {
            int i = s.indexOf(". ", from);
            if (i < 0) {
                return s;
            }
            if (!s.startsWith("e.g", Math.max(0, i - 3)) && !s.startsWith("i.e", Math.max(0, i - 3))) {
                return s.substring(0, i + 1);
            }
            from = i + 2;
        }
    }
}
