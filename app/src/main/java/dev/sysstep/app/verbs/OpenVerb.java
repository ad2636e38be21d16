package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.session.Session;
import java.util.List;
import java.util.Locale;

/** {@code open PATH MODE [as FD]}: open /dev/null, the terminal or a regular file in the process. */
public final class OpenVerb extends Verb<OpenVerb.Request> {
    /** What to open, how, and on which fd (null: the lowest free one). */
    public record Request(String path, Session.OpenMode mode, Integer fd) {
    }

    public OpenVerb() {
        super("open", "", "open PATH rdonly|wronly|rdwr [as FD]",
                "Open a file in the process: /dev/null, /dev/pts/0, or a regular file.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return switch (index) {
            case 1 -> List.of("/dev/null", "/dev/pts/0", "/tmp/out.txt");
            case 2 -> List.of("rdonly", "wronly", "rdwr");
            case 3 -> List.of("as");
            default -> List.of();
        };
    }

    @Override
    protected Request parse(Args args) throws ParseException {
        if (args.size() != 2 && args.size() != 4) {
            throw new ParseException("open PATH rdonly|wronly|rdwr [as FD]");
        }
        String path = args.text(0);
        Session.OpenMode mode = switch (args.word(1).text().toLowerCase(Locale.ROOT).replace("o_", "")) {
            case "rdonly", "r", "ro" -> Session.OpenMode.RDONLY;
            case "wronly", "w", "wo" -> Session.OpenMode.WRONLY;
            case "rdwr", "rw" -> Session.OpenMode.RDWR;
            default -> throw new ParseException("open: mode must be rdonly, wronly or rdwr (got '" + args.word(1).text()
                    + "')");
        };
        Integer fd = null;
        if (args.size() == 4) {
            if (!args.word(2).text().equalsIgnoreCase("as")) {
                throw new ParseException("open PATH MODE as FD (got '" + args.word(2).text() + "')");
            }
            fd = fd(args.word(3).text());
        }
        return new Request(path, mode, fd);
    }

    /** An fd as typed: a number of at most 7 digits, so that no cast can wrap it. */
    static int fd(String text) throws ParseException {
        long n = Expr.number(text);
        if (n < 0 || n > 9_999_999) {
            throw new ParseException("fd " + text + " is outside 0..1023");
        }
        return (int) n;
    }

    @Override
    protected Status run(Request r, Context ctx) {
        int fd = ctx.session().openFile(r.path(), r.mode(), r.fd());
        ctx.showMotion(Doc.of("fd " + fd + ": " + r.path() + " " + r.mode().name().toLowerCase(Locale.ROOT), Style.PLAIN));
        return Status.OK;
    }
}
