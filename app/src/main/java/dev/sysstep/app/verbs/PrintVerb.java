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

/** {@code print[/F] EXPR}: an expression's value, as gdb's print: {@code p $rax}, {@code p/x ptregs.ip}. */
public final class PrintVerb extends Verb<PrintVerb.Request> {
    /** The format and the expression. */
    public record Request(Format format, String expr) {
    }

    public PrintVerb() {
        super("print", "p", "print[/x|d|u|t|o|c|a] EXPR", "The value of an expression, as gdb prints it: p $rax, "
                + "p/x ptregs.ip, p/t $rflags, p TSS.sp2 + 8. Signed decimal unless a format says otherwise.");
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
    protected Request parse(Args args) throws ParseException {
        Format f = Format.of(args.verb(), "print");
        if (args.rest().isEmpty()) {
            throw new ParseException("print needs an expression, such as: p $rax");
        }
        Expr.check(args.rest());
        return new Request(f, args.rest());
    }

    @Override
    protected Status run(Request r, Context ctx) throws ParseException {
        long v = ctx.value(r.expr());
        ctx.show(Doc.of("$" + ctx.keepValue(v) + " = " + r.format().show(v), Style.PLAIN));
        return Status.OK;
    }
}
