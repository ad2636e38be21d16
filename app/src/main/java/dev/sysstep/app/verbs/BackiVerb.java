package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code backi [N]}: Go back N instructions. */
public final class BackiVerb extends MotionVerb.Counted {
    public BackiVerb() {
        super("backi", "reverse-stepi rsi", "Go back N instructions (gdb's reverse-stepi).", Session::backi);
    }
}
