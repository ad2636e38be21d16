package dev.sysstep.app.verbs;

import dev.sysstep.core.session.Session;

/** {@code reverse-next}: one phase back, stepping over calls, as gdb's reverse-next. */
public final class ReverseNextVerb extends MotionVerb.Plain {
    public ReverseNextVerb() {
        super("reverse-next", "rn", "One phase back, stepping over calls: from after do_syscall_64 "
                + "back to its call in one move.", Session::reverseNext);
    }
}
