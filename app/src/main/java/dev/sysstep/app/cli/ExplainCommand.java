package dev.sysstep.app.cli;

import dev.sysstep.app.view.Views;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.Examples;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        Session s = profile.newSession(cl);
        Phase p = s.code().phaseById(phase).or(() -> anyWay(profile.toConfig(cl), phase))
                .orElseThrow(() -> new CommandLine.ParameterException(cl,
                dev.sysstep.core.session.Suggest.unknownPhase(phase, s.code()) + "; `sysstep phases --all` lists them "
                + "(with --way int80, ia32, vdso, vsyscall or libc for the other ways in)"));
        color.print(env, cl, Views.explain(p).blank().append(Views.source(p)));
        return 0;
    }

    /** The phase in the example program of any way in, on either CPU vendor: every phase of the profile. */
    private static Optional<Phase> anyWay(KernelConfig c, String id) {
        for (Vendor vendor : Vendor.values()) {
            for (Entry e : Entry.values()) {
                Optional<Phase> p = new Session(c.withVendor(vendor), Examples.of(e)).code().phaseById(id);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }
}
