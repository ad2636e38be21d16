package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code reverse-continue}: back to the last breakpoint's phase, or to the start, as gdb's reverse-continue. */
public final class ReverseContinueVerb extends MotionVerb.Plain {
    public ReverseContinueVerb() {
        super("reverse-continue", "rc", "Go back to where a breakpoint's phase last started, or "
                + "to the start.", Session::reverseContinue);
    }
}
