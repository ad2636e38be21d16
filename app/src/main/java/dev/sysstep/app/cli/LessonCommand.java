package dev.sysstep.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sysstep lesson NAME}: a shipped lesson in the REPL, pausing where it says so and asking its
 * questions; the REPL stays open at the end. Without a terminal it runs straight through, printing
 * its pauses' texts.
 */
@Command(name = "lesson", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a shipped lesson (see `sysstep lessons`) in the REPL: it pauses where it says so (Enter goes "
                + "on), asks its questions (type a value, or Enter to skip) and stays in the REPL at the end. Without a "
                + "terminal it runs straight through and prints the pauses' texts."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:an `expect` of the lesson failed", "2:usage error (no such lesson)",
            "3:internal error"})
public final class LessonCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    ColorOption color;

    @Mixin
    BudgetOptions budget;

    @Option(names = {"-q", "--quiet"}, description = "Do not print steps; only results, expect failures and errors.")
    boolean quiet;

    @Option(names = "--record", paramLabel = "FILE.cast", description = "Record the lesson as an asciicast v2 file.")
    Path record;

    @Parameters(index = "0", paramLabel = "NAME", description = "The lesson's name.")
    String name;

    public LessonCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        SysstepCommand run = new SysstepCommand(env);
        run.spec = spec;
        run.profile = profile;
        run.color = color;
        run.budget = budget;
        run.quiet = quiet;
        run.record = record;
        run.lesson = ScriptSource.of(List.of("lesson", name), env, spec.commandLine());
        run.interactive = env.stdinIsTerminal();
        return run.call();
    }
}
