package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code finish}: Run until the current C function returns to its caller. */
public final class FinishVerb extends MotionVerb.Plain {
    public FinishVerb() {
        super("finish", "fin", "Run until the current C function returns to its caller.", Session::finish);
    }
}
