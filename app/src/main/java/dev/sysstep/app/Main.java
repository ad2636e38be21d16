package dev.sysstep.app;

import dev.sysstep.app.cli.Env;
import dev.sysstep.app.cli.ExplainCommand;
import dev.sysstep.app.cli.OptionsBeforeSubcommand;
import dev.sysstep.app.cli.PhasesCommand;
import dev.sysstep.app.cli.SysstepCommand;
import dev.sysstep.app.cli.TraceCommand;
import dev.sysstep.app.run.ColorPolicy;
import dev.sysstep.app.view.Escape;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;

/** Entry point: builds the command line around the process's environment and runs it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Env.system()));
    }

    /**
     * The exit code once standard output has been flushed: a write that failed is exit 3 with one line
     * (nothing the user asked for was shown), except a pipe whose reader left, which ends quietly as
     * SIGPIPE would (128 + 13).
     */
    static int afterOutput(Env env, int code) {
        java.io.IOException failed = dev.sysstep.app.io.CheckedPrintStream.failureOf(env.out());
        if (failed == null) {
            return code;
        }
        if (dev.sysstep.app.io.CheckedPrintStream.isBrokenPipe(failed)) {
            return 141;
        }
        env.err().println("sysstep: cannot write to standard output: " + Escape.text(String.valueOf(failed.getMessage())));
        return 3;
    }

    /** Runs sysstep with the given arguments and surroundings; returns the exit code. */
    public static int run(String[] args, Env env) {
        int code;
        try {
            if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
                // the one answer that needs no command line model: building picocli's (by reflection,
                // from classes too old for the class-data archive) would be most of its time
                env.out().println(new SysstepCommand.VersionInfo().getVersion()[0]);
                return afterOutput(env, 0);
            }
            code = commandLine(env, args).execute(args);
        } catch (Throwable t) {
            // whatever escaped is a bug: one line and exit 3, never a stack trace for a user to read
            env.err().println("sysstep: internal error: " + Escape.text(String.valueOf(t)));
            if (env.vars().containsKey("SYSSTEP_DEBUG")) {
                t.printStackTrace(env.err());
            }
            code = 3;
        }
        return afterOutput(env, code);
    }

    /** The subcommands, by name; help lists them too. */
    private static final java.util.Set<String> SUBCOMMANDS = java.util.Set.of("trace", "phases", "explain",
            "present", "lessons", "lesson", "quiz", "export", "grade", "generate-completion");

    static CommandLine commandLine(Env env, String[] args) {
        boolean subcommandOrHelp = java.util.Arrays.stream(args).anyMatch(a -> SUBCOMMANDS.contains(a)
                || a.equals("-h") || a.equals("--help"));
        CommandLine cl = new CommandLine(new SysstepCommand(env));
        // Each subcommand's model is built by reflection; a run that names none (a script, -c, the REPL)
        // does not pay for them. An argument that names one, or asks for help, brings them all.
        if (subcommandOrHelp) {
            cl.addSubcommand("trace", new TraceCommand(env));
            cl.addSubcommand("phases", new PhasesCommand(env));
            cl.addSubcommand("explain", new ExplainCommand(env));
            cl.addSubcommand("lessons", new dev.sysstep.app.cli.LessonsCommand(env));
            cl.addSubcommand("lesson", new dev.sysstep.app.cli.LessonCommand(env));
            cl.addSubcommand("present", new dev.sysstep.app.cli.PresentCommand(env));
            cl.addSubcommand("quiz", new dev.sysstep.app.cli.QuizCommand(env));
            cl.addSubcommand("export", new dev.sysstep.app.cli.ExportCommand(env));
            cl.addSubcommand("grade", new dev.sysstep.app.cli.GradeCommand(env));
            cl.addSubcommand("generate-completion", new AutoComplete.GenerateCompletion());
        }
        // -c 'phases' is a command to run, not the phases subcommand
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setExecutionStrategy(new OptionsBeforeSubcommand());
        cl.setOut(new PrintWriter(env.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(env.err(), true, StandardCharsets.UTF_8));
        boolean color = ColorPolicy.decide(colorArg(args), env.vars(), env.stdoutIsTerminal());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(color ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler((ex, a) -> {
            // picocli echoes the bad argument: escaped like every other text that came from the user
            ex.getCommandLine().getErr().println("sysstep: " + Escape.text(String.valueOf(ex.getMessage())));
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, pr) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                c.getErr().println("sysstep: " + Escape.text(String.valueOf(pe.getMessage())));
                return 2;
            }
            c.getErr().println("sysstep: internal error: " + Escape.text(String.valueOf(ex)));
            if (env.vars().containsKey("SYSSTEP_DEBUG")) {
                ex.printStackTrace(c.getErr());
            }
            return 3;
        });
        return cl;
    }

    /** --color is needed before parsing, to colour the help itself. */
    private static ColorPolicy.Mode colorArg(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                if (a.startsWith("--color=")) {
                    return ColorPolicy.Mode.parse(a.substring("--color=".length()));
                }
                if (a.equals("--color") && i + 1 < args.length) {
                    return ColorPolicy.Mode.parse(args[i + 1]);
                }
            } catch (IllegalArgumentException e) {
                return ColorPolicy.Mode.AUTO;
            }
        }
        return ColorPolicy.Mode.AUTO;
    }
}
