package dev.sysstep.app.cli;

import dev.sysstep.app.lang.CommandSpecs;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Renderer;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysstep explain PHASE}: what a phase does, its source and its instructions on a profile. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explain a phase: what it does and why, its source reference and its instructions.")
public final class ExplainCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    ColorOption color;

    @Parameters(index = "0", paramLabel = "PHASE", description = "A phase id, such as entry.swapgs (see: sysstep phases).")
    String phase;

    public ExplainCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Session s = new Session(profile.toConfig(cl, cl.getParseResult()), UserProgram.seedWrite());
        Phase p = s.code().phaseById(phase).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown phase '" + phase + "'" + java.util.Optional.ofNullable(CommandSpecs.closest(phase,
                        s.code().phases().stream().map(Phase::id).toList())).map(x -> " (did you mean '" + x + "'?)")
                        .orElse("") + "; `sysstep phases --all` lists them"));
        Doc d = Views.explain(p).blank().append(Views.source(p));
        boolean c = color.decide(env, env.stdoutIsTerminal());
        env.out().print(new Renderer(c).render(d));
        env.out().flush();
        return 0;
    }
}
