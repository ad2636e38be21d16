package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;

/** {@code pipe READ_FD WRITE_FD}: a new pipe with its read end and write end on those fds. */
public final class PipeVerb extends Verb<int[]> {
    public PipeVerb() {
        super("pipe", "", "pipe READ_FD WRITE_FD", "Create a pipe: read end on READ_FD, write end on WRITE_FD.");
    }

    @Override
    protected int[] parse(Args args) throws ParseException {
        if (args.size() != 2) {
            throw new ParseException("pipe READ_FD WRITE_FD, such as: pipe 3 4");
        }
        return new int[] {OpenVerb.fd(args.word(0).text()), OpenVerb.fd(args.word(1).text())};
    }

    @Override
    protected Status run(int[] fds, Context ctx) {
        ctx.session().pipe(fds[0], fds[1]);
        ctx.showMotion(Doc.of("pipe: read end fd " + fds[0] + ", write end fd " + fds[1], Style.PLAIN));
        return Status.OK;
    }
}
