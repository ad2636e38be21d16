package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.StepView;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Suggest;
import dev.sysstep.core.session.SysstepException;
import java.util.List;

/** {@code diff [A] [B]}: what changed between two steps (numbers or phase ids); by default the last step. */
public final class DiffVerb extends Verb<DiffVerb.Points> {
    /** The two ends, as typed (null when not given). */
    public record Points(String from, String to) {
    }

    public DiffVerb() {
        super("diff", "", "diff [A] [B]", "What changed between two steps (numbers or phase ids); default: the last step.");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index <= 2 ? PhaseIds.of(c) : List.of();
    }

    @Override
    protected Points parse(Args args) throws ParseException {
        if (args.size() > 2) {
            throw new ParseException("diff takes at most two step numbers or phase ids");
        }
        return new Points(args.isEmpty() ? null : args.text(0), args.size() < 2 ? null : args.text(1));
    }

    @Override
    protected Status run(Points p, Context ctx) throws ParseException {
        Session s = ctx.session();
        int to = p.to() == null ? s.position() : position(s, p.to());
        int from;
        if (p.from() == null) {
            if (s.position() == 0) {
                throw new SysstepException("nothing has run yet: step first, or give two step numbers");
            }
            from = s.position() - 1;
        } else {
            from = position(s, p.from());
        }
        StateDiff diff = s.diff(from, to);
        Doc doc = new Doc();
        doc.line().add("diff step " + from + " -> step " + to, Style.HEADER);
        StepView.changes(doc, diff, s.config(), s.state().cpu().get(Reg.CR4));
        if (doc.lines().size() == 1) {
            doc.line().add("  no differences", Style.DIM);
        }
        ctx.show(doc);
        return Status.OK;
    }

    private static int position(Session s, String text) throws ParseException {
        if (dev.sysstep.app.lang.Expr.isDigit(text.charAt(0))) {
            long n = Expr.number(text);
            int end = s.endPosition();
            if (n < 0 || n > end) {
                throw new SysstepException("no step " + text + " (the path has steps 0.." + end + ")");
            }
            return (int) n;
        }
        if (s.code().phaseById(text).isEmpty()) {
            throw new SysstepException(Suggest.unknownPhase(text, s.code()));
        }
        for (Session.PathEntry e : s.path()) {
            if (e.phase().id().equals(text)) {
                return e.position();
            }
        }
        throw new SysstepException("phase '" + text + "' is not on this run's path");
    }
}
