package dev.sysstep.app.teach;

import dev.sysstep.app.command.Context;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.verbs.ExpectVerb;
import dev.sysstep.app.verbs.Judge;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.session.PhaseRun;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.session.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Predictions and their reveal. A question ({@code ask EXPR "QUESTION"} in a script, or one the
 * quiz makes before a phase) takes its answer at once; the next motion runs and shows its output;
 * then the real value is revealed with a line of why, from the explanation of the phase that made
 * it, and the answer is scored with the same judge as {@code expect}.
 */
public final class Quiz {
    /** Where answers come from: a terminal, a file, or nowhere (the question is only told). */
    @FunctionalInterface
    public interface Answers {
        /** The answer to {@code question}, or null when nobody answers it. */
        String answer(String question);

        Answers NONE = q -> null;
    }

    /** A question asked and not yet revealed. */
    /** {@code known}: the value the phase gives, for a question the quiz made from a dry run; else null. */
    record Asked(String where, String expr, String question, String answer, Long known, String why) {
    }

    /** A question revealed: what was said, what it was, whether that was right. */
    public record Scored(String where, String expr, String question, String answer, String actual, boolean right) {
        public boolean answered() {
            return answer != null;
        }
    }

    private final Answers answers;
    private final boolean auto;
    private final List<Asked> pending = new ArrayList<>();
    private final List<Scored> scored = new ArrayList<>();

    /**
     * @param auto whether the quiz also asks by itself before each phase that changes a register, an
     *             MSR, CR3 or a pt_regs slot ({@code sysstep quiz})
     */
    public Quiz(Answers answers, boolean auto) {
        this.answers = answers;
        this.auto = auto;
    }

    /** A quiz with nobody to answer: questions are told and revealed, nothing is scored. */
    public static Quiz silent() {
        return new Quiz(Answers.NONE, false);
    }

    public boolean auto() {
        return auto;
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    public List<Scored> scored() {
        return List.copyOf(scored);
    }

    /** Asks now; the reveal comes after the next motion (or at the end, when none follows). */
    public void ask(Context ctx, String where, String expr, String question) {
        ask(ctx, where, expr, question, null, null);
    }

    private void ask(Context ctx, String where, String expr, String question, Long known, String why) {
        String q = question == null || question.isBlank() ? "what will " + expr + " be?" : question;
        ctx.show(Doc.of("? " + q, Style.TITLE));
        String a = answers.answer(q);
        if (a != null) {
            a = a.strip();
            if (a.isEmpty()) {
                a = null;
            }
        }
        pending.add(new Asked(where, expr, q, a, known, why));
    }

    /** Asks, before a forward motion, about what each phase it will pass changes (from a dry run). */
    public void askAbout(Context ctx, String where, StepReport dryRun) {
        for (PhaseRun run : dryRun.runs()) {
            AutoQuestions.about(run).ifPresent(q -> {
                // the script's own question about the same value comes first; it is not asked twice
                if (pending.stream().noneMatch(p -> p.known() == null && p.expr().equalsIgnoreCase(q.expr()))) {
                    ask(ctx, where, q.expr(), q.text(), q.value(),
                            run.phase().id() + ": " + firstSentence(run.phase().explanation()));
                }
            });
        }
    }

    /** Reveals every pending question after {@code motion} ran (null: at the end, nothing moved). */
    public void reveal(Context ctx, StepReport motion) {
        for (Asked a : pending) {
            ctx.show(revealOne(ctx, a, motion));
        }
        pending.clear();
    }

    private Doc revealOne(Context ctx, Asked a, StepReport motion) {
        String actual;
        boolean right;
        if (a.known() != null) {
            actual = Judge.describe(a.known());
            boolean ok;
            try {
                ok = a.answer() != null && ctx.value(a.answer()) == a.known();
            } catch (ParseException | RuntimeException e) {
                ok = false;
            }
            right = ok;
        } else {
            try {
                Judge.Verdict v = Judge.judge(ctx, new ExpectVerb.Comparison(a.expr(), "==",
                        a.answer() == null ? a.expr() : a.answer(), a.expr() + " == " + a.answer()));
                actual = v.actual();
                right = a.answer() != null && v.holds();
            } catch (ParseException | RuntimeException e) {
                // an answer that is not a value the language knows is a wrong answer, said as such
                actual = valueOrWhy(ctx, a.expr());
                right = false;
            }
        }
        scored.add(new Scored(a.where(), a.expr(), a.question(), a.answer(), actual, right));
        Doc d = new Doc();
        Doc.Line l = d.line().add("= " + a.expr() + " is " + actual, Style.RESULT);
        if (a.answer() == null) {
            l.add("  (no answer)", Style.NOTE);
        } else if (right) {
            l.add("  right", Style.PASS);
        } else {
            l.add("  you said " + Escape.text(a.answer()), Style.FAIL);
        }
        (a.why() != null ? Optional.of(a.why()) : why(a.expr(), motion))
                .ifPresent(w -> d.line().prose("  why: " + w, Style.NOTE));
        return d;
    }

    private static String valueOrWhy(Context ctx, String expr) {
        try {
            return Judge.judge(ctx, new ExpectVerb.Comparison(expr, "==", expr, expr)).actual();
        } catch (ParseException | RuntimeException e) {
            return "not known here (" + e.getMessage() + ")";
        }
    }

    /** The first sentence of the explanation of the phase that changed {@code expr} in the motion. */
    static Optional<String> why(String expr, StepReport motion) {
        if (motion == null || motion.runs().isEmpty() || !motion.forward()) {
            return Optional.empty();
        }
        Optional<Target> target = Target.parse(expr.startsWith("$") ? expr.substring(1) : expr);
        Phase phase = motion.runs().get(motion.runs().size() - 1).phase();
        for (int i = motion.runs().size() - 1; i >= 0; i--) {
            PhaseRun run = motion.runs().get(i);
            if (target.isPresent() && changes(run, target.get())) {
                phase = run.phase();
                break;
            }
        }
        return Optional.of(phase.id() + ": " + firstSentence(phase.explanation()));
    }

    private static boolean changes(PhaseRun run, Target t) {
        if (t instanceof Target.Register r) {
            return run.diff().register(r.reg()).isPresent();
        }
        String field = ((Target.PtRegsField) t).field().name();
        return run.diff().memory().stream().anyMatch(m -> m.label() != null && m.label().endsWith("->" + field));
    }

    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text.strip() : text.substring(0, end + 1).strip();
    }

    /** The score line: right out of asked. */
    public Doc score() {
        long right = scored.stream().filter(Scored::right).count();
        long answered = scored.stream().filter(Scored::answered).count();
        Doc d = new Doc();
        d.line().add("score: " + right + " of " + scored.size() + " right"
                + (answered < scored.size() ? " (" + (scored.size() - answered) + " not answered)" : ""),
                right == scored.size() ? Style.PASS : Style.WARNING);
        return d;
    }

    /** Each question not answered right, as {@code file:line: asked …, answered …, was …}. */
    public List<String> misses() {
        List<String> out = new ArrayList<>();
        for (Scored s : scored) {
            if (!s.right()) {
                out.add(s.where() + ": asked " + s.expr() + " (" + s.question() + "), answered "
                        + (s.answer() == null ? "nothing" : s.answer()) + ", was " + s.actual());
            }
        }
        return out;
    }
}
