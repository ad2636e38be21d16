package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.Format;
import dev.sysstep.app.lang.Names;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import java.util.List;
import java.util.Map;

/** {@code display[/F] EXPR}: show an expression after every stop, as gdb's display; with no argument, show them now. */
public final class DisplayVerb extends Verb<String> {
    public DisplayVerb() {
        super("display", "", "display[/x|d|u|t|o|c|a] [EXPR]", "Show an expression after every motion, as gdb does: "
                + "display/x $rsp. With no expression, show the list now; undisplay N removes one.");
    }

    @Override
    public boolean takesFormat() {
        return true;
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? Names.targets() : List.of();
    }

    @Override
    protected String parse(Args args) throws ParseException {
        Format.of(args.verb(), "display");
        if (args.rest().isEmpty()) {
            return "";
        }
        Expr.check(args.rest());
        int slash = args.verb().indexOf('/');
        return (slash < 0 ? "" : args.verb().substring(slash)) + " " + args.rest();
    }

    @Override
    protected Status run(String entry, Context ctx) throws ParseException {
        if (!entry.isEmpty()) {
            int n = ctx.display(entry);
            ctx.show(line(ctx, n, entry));
            return Status.OK;
        }
        if (ctx.displays().isEmpty()) {
            ctx.show(Doc.of("no display expressions (display EXPR adds one)", Style.DIM));
        }
        showAll(ctx);
        return Status.OK;
    }

    /** Every display expression's value now, after a motion; one that cannot be read says why. */
    static void showAll(Context ctx) {
        if (ctx.quiet()) {
            return;
        }
        for (Map.Entry<Integer, String> e : ctx.displays().entrySet()) {
            ctx.show(line(ctx, e.getKey(), e.getValue()));
        }
    }

    private static Doc line(Context ctx, int n, String entry) {
        String fmt = entry.startsWith("/") ? entry.substring(0, entry.indexOf(' ')) : "";
        String expr = entry.substring(fmt.length()).strip();
        try {
            Format f = Format.of("display" + fmt, "display");
            return Doc.of(n + ": " + (fmt.isEmpty() ? "" : fmt + " ") + expr + " = " + f.show(ctx.value(expr)), Style.PLAIN);
        } catch (ParseException e) {
            return Doc.of(n + ": " + expr + ": " + e.getMessage(), Style.DIM);
        }
    }
}
