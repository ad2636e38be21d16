package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code next}: Run one phase, stepping over calls: at `call do_syscall_64` it runs the whole C part. */
public final class NextVerb extends MotionVerb.Plain {
    public NextVerb() {
        super("next", "n", "Run one phase, stepping over calls: at `call do_syscall_64` it runs the whole C part.",
                Session::next);
    }
}
