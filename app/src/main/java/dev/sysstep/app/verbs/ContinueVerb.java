package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code continue}: Run until a breakpoint, a changed watch, or the end of the path. */
public final class ContinueVerb extends MotionVerb.Plain {
    public ContinueVerb() {
        super("continue", "c cont", "Run until a breakpoint, a changed watch, or the end of the path. "
                + "Continuing from a breakpoint's own phase does not stop there again.", Session::cont);
    }
}
