package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code stepi [N]}: Run N machine instructions (a C phase counts as one). */
public final class StepiVerb extends MotionVerb.Counted {
    public StepiVerb() {
        super("stepi", "si", "Run N machine instructions (a C phase counts as one).", Session::stepi);
    }
}
