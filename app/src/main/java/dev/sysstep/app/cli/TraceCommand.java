package dev.sysstep.app.cli;

import dev.sysstep.app.command.Status;
import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.JsonTrace;
import dev.sysstep.app.run.Output;
import dev.sysstep.app.run.ScriptReader;
import dev.sysstep.app.view.Escape;
import dev.sysstep.core.session.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysstep trace [-c CMDS | SCRIPT]}: set up, run the whole path, print the JSON trace. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the setup commands (or script), then the whole path to its end, and print the JSON Lines "
                + "trace on standard output: a header, one object per instruction executed (a C phase counts as "
                + "one), then the result."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:an `expect` in the setup failed", "2:usage error or a script that does not parse",
            "3:internal error"})
public final class TraceCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Option(names = {"-c", "--commands"}, paramLabel = "CMDS", description = "Setup commands, separated by ;.")
    String commands;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT", description = "A setup script, or - for standard input.")
    String script;

    public TraceCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        // IOException here is the trace output failing (a closed pipe): an error of the surroundings, exit 3
        if (commands != null && script != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give -c or a SCRIPT, not both");
        }
        CommandLine cl = spec.commandLine();
        Session session = profile.newSession(cl);
        PrintWriter err = new PrintWriter(env.err(), true, StandardCharsets.UTF_8);
        Output quietOut = Output.discarding(err);
        Interpreter interp = new Interpreter(session, quietOut, null);
        interp.setQuiet(true);
        List<String> lines;
        if (commands != null) {
            lines = List.of(commands);
        } else if (script != null) {
            try {
                lines = script.equals("-") ? ScriptReader.read(env.in(), "-") : ScriptReader.read(Path.of(script));
            } catch (ScriptReader.ScriptException e) {
                err.println("sysstep trace: " + Escape.text(e.getMessage()));
                return 2;
            }
        } else {
            lines = List.of();
        }
        Status o = interp.runScript(commands != null ? "-c" : script == null ? "-" : script,
                lines, false);
        if (o == Status.ERROR || interp.errors() > 0) {
            return 2;
        }
        if (!session.finished()) {
            session.run();
        }
        JsonTrace.write(session, env.out());
        env.out().flush();
        return interp.expectFailures() > 0 ? 1 : 0;
    }
}
