package dev.sysstep.app.cli;

import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sysstep phases}: the path of the default program on a profile, one phase per line. */
@Command(name = "phases", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the phases of the write(1, \"hi\\n\", 3) path on a profile, in the order they run, with "
                + "the step each starts at. --all lists every phase the profile's code has, including the IRET path.")
public final class PhasesCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Option(names = "--all", description = "Every phase of the profile's code, not only those this run takes.")
    boolean all;

    @Mixin
    ColorOption color;

    public PhasesCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Session s = profile.newSession(cl);
        color.print(env, cl, all ? Views.allPhases(s) : Views.phases(s, false));
        return 0;
    }
}
