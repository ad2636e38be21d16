package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StepReport;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A verb that moves the session along the path: a quiz reveals its answers after it, and Enter
 * repeats it unless the verb says otherwise (gdb's habit for motions).
 */
abstract class MotionVerb<A> extends Verb<A> {
    MotionVerb(String name, String aliases, String usage, String help) {
        super(name, aliases, usage, help);
    }

    @Override
    public final boolean moves() {
        return true;
    }

    @Override
    public boolean repeatable() {
        return true;
    }

    /** A motion that takes no argument: {@code next}, {@code continue}, {@code reverse-next} ... */
    abstract static class Plain extends MotionVerb<Void> {
        private final Function<Session, StepReport> motion;

        Plain(String name, String aliases, String help, Function<Session, StepReport> motion) {
            super(name, aliases, name, help);
            this.motion = motion;
        }

        @Override
        protected final Void parse(Args args) throws ParseException {
            args.none();
            return null;
        }

        @Override
        protected final Status run(Void none, Context ctx) {
            Motions.show(ctx, motion.apply(ctx.session()));
            return Status.OK;
        }
    }

    /** A motion N times (default 1): {@code step}, {@code stepi}, {@code back}, {@code backi}. */
    abstract static class Counted extends MotionVerb<Integer> {
        private final BiFunction<Session, Integer, StepReport> motion;

        Counted(String name, String aliases, String help, BiFunction<Session, Integer, StepReport> motion) {
            super(name, aliases, name + " [N]", help);
            this.motion = motion;
        }

        @Override
        protected final Integer parse(Args args) throws ParseException {
            return args.count();
        }

        @Override
        protected final Status run(Integer n, Context ctx) {
            Motions.show(ctx, motion.apply(ctx.session(), n));
            return Status.OK;
        }
    }
}
