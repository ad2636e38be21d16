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

    static void show(Context ctx, StepReport r) {
        if (r.stop().kind() == Stop.Kind.NONE && r.motion() != StepReport.Motion.GOTO) {
            ctx.show(Doc.of(r.where().finished() ? "the path has ended; `back`, `goto N` or `reset` to go on"
                    : "already at the start", Style.WARNING));
            return;
        }
        if (ctx.quiet()) {
            return; // -q shows no steps: do not even build them (a long quiet script would spend its time here)
        }
        Doc d = switch (r.motion()) {
            case NEXT -> StepView.overCalls(r, true);
            case FINISH -> StepView.overCalls(r, false);
            case BACK, BACKI, REVERSE_CONTINUE -> StepView.backward(r);
            case GOTO -> StepView.jump(r);
            case RESET -> Doc.of("< reset: back at step 0, before " + r.where().next().map(p -> p.id()).orElse("the end")
                    + "; what ran is forgotten, the setup is kept", Style.HEADER);
            default -> StepView.forward(r);
        };
        if (r.forward() && !r.where().finished() && r.motion() != StepReport.Motion.GOTO) {
            d.append(Views.where(r.where()));
        }
        ctx.showMotion(d);
    }
}
