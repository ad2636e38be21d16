package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Context;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.StepView;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.session.Stop;

/** How the motion verbs show what a motion did, from its report. */
final class Motions {
    private Motions() {
    }

    /**
     * After a restart (config, program, reset): one line naming the setup edits still in force, and one
     * naming those that no longer apply, so nothing set earlier sticks silently.
     */
    static void keptAndDropped(Doc d, dev.sysstep.core.session.Session s, java.util.List<dev.sysstep.core.session.Edit> dropped) {
        if (!s.setup().isEmpty()) {
            d.line().add("kept: " + String.join(", ", s.setup().stream().map(dev.sysstep.core.session.Edit::describe)
                    .toList()) + " (reset all clears them)", Style.WARNING);
        }
        if (!dropped.isEmpty()) {
            d.line().add("dropped (no longer applies): " + String.join(", ", dropped.stream()
                    .map(dev.sysstep.core.session.Edit::describe).toList()), Style.WARNING);
        }
        var forgotten = s.forgottenByLastRestart();
        if (!forgotten.isEmpty()) {
            d.line().add("forgotten (made after the first step, so not part of the setup): " + String.join(", ",
                    forgotten.stream().map(m -> m.edit().describe() + " at step " + m.step()).toList()), Style.WARNING);
        }
    }

    /** What identifies the result shown now: where the run stands, and what the result says. */
    static String resultKey(Context ctx) {
        var s = ctx.session();
        return s.position() + ":" + s.instructionsExecuted() + ":" + Views.result(s).plain();
    }

    static void show(Context ctx, StepReport r) {
        ctx.motionShowing(r);
        showOnly(ctx, r);
        ctx.motionDone(r);
    }

    private static void showOnly(Context ctx, StepReport r) {
        if (r.stop().kind() == Stop.Kind.NONE && r.motion() != StepReport.Motion.GOTO) {
            ctx.showMotion(Doc.of(r.where().finished() ? "the path has ended (" + r.where().ended().map(o -> o.kind().label())
                    .orElse("ended") + " at step " + r.to() + "); back, goto or reset" : "already at the start",
                    Style.WARNING));
            return;
        }
        if (ctx.quiet()) {
            // -q shows no steps (a long quiet script would spend its time building them), only the result,
            // in order with the errors and expect failures around it
            // (the strace line alone, as strace prints it; `result` adds the way back, once)
            String key = resultKey(ctx);
            if (r.forward() && r.where().finished() && !ctx.lastShown(key)) {
                ctx.session().result().ifPresent(res -> ctx.showResult(
                        Doc.of(dev.sysstep.app.view.Strace.line(res), Style.RESULT), key));
            }
            return;
        }
        boolean summary = !ctx.verbose() && r.runs().size() > 1 && switch (r.motion()) {
            case STEP, STEPI, CONTINUE, RUN -> true;
            default -> false;
        };
        Doc d = summary ? StepView.summary(r) : switch (r.motion()) {
            case NEXT -> StepView.overCalls(r, true);
            case FINISH -> StepView.overCalls(r, false);
            case BACK, BACKI, REVERSE_CONTINUE -> StepView.backward(r);
            case GOTO -> StepView.jump(r);
            case RESET -> Doc.of("< reset: back at step 0, before " + r.where().next().map(p -> p.id()).orElse("the end")
                    + "; what ran is forgotten", Style.HEADER);
            default -> StepView.forward(r);
        };
        if (r.forward() && !r.where().finished() && r.motion() != StepReport.Motion.GOTO) {
            d.append(Views.where(r.where()));
        }
        ctx.showMotion(d);
        DisplayVerb.showAll(ctx);
    }
}
