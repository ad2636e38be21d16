package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code back [N]}: Go back N phases; the state is restored exactly. */
public final class BackVerb extends MotionVerb.Counted {
    public BackVerb() {
        super("back", "reverse-step rs", "Go back N phases; the state is restored exactly (gdb's reverse-step). "
                + "Unlike gdb, `b` is break, not back.", Session::back);
    }
}
