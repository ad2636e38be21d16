package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code step [N]}: Run N phases (default 1) and show what each changed. Enter repeats it. */
public final class StepVerb extends MotionVerb.Counted {
    public StepVerb() {
        super("step", "s", "Run N phases (default 1) and show what each changed. Enter repeats it. A phase is "
                + "sysstep's unit where gdb's step runs a source line. In the REPL, more than one phase shows a line "
                + "each and the net change; `set verbose on` shows each in full.", Session::step);
    }
}
