package dev.sysstep.app.cli;

import dev.sysstep.app.Version;
import dev.sysstep.app.run.HistoryStore;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.JsonTrace;
import dev.sysstep.app.run.Output;
import dev.sysstep.app.run.Recorder;
import dev.sysstep.app.run.Repl;
import dev.sysstep.app.run.ScriptReader;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Theme;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysstep [options] [SCRIPT]}: the REPL, a script, or {@code -c} commands. */
@Command(name = "sysstep", mixinStandardHelpOptions = true, versionProvider = SysstepCommand.VersionInfo.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Step through what x86-64 Linux does between a program's `syscall` and its return: every "
                + "register, MSR, the GS swap, the KPTI CR3 switch, pt_regs, the dispatch, sys_write, the SYSRET "
                + "checks and SYSRET itself.", "",
                "Without SCRIPT: the interactive REPL on the default session (kernel 6.1, KPTI and PCID on, the "
                + "program write(1, \"hi\\n\", 3)). With SCRIPT (or - for standard input): run it, print every step, exit."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:an `expect` failed", "2:usage error, or a script that does not parse or fails",
            "3:internal error"},
        footer = {"", "Examples:", "  sysstep                                   step interactively (press Enter)",
            "  sysstep demo.sysstep                      run a script", "  sysstep -c 'program getpid; run'         run commands",
            "  sysstep --kernel 5.14 --no-kpti -c run    another profile",
            "  sysstep trace -c run > write.jsonl        the JSON trace"})
public final class SysstepCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    ColorOption color;

    @Option(names = {"-c", "--commands"}, paramLabel = "CMDS", description = "Run these commands (separated by ;) and exit.")
    String commands;

    @Option(names = "--keep-going", description = "Do not stop a script at the first failed expect or error.")
    boolean keepGoing;

    @Option(names = "--trace", paramLabel = "FILE", description = "Also write the JSON Lines trace of the run to FILE.")
    Path trace;

    @Option(names = {"-q", "--quiet"}, description = "Do not print steps; only results, expect failures and errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "In the REPL, show every phase a motion passes in full (scripts "
            + "always do, unless -q); `set verbose on|off` changes it in a session.")
    boolean verbose;

    @Option(names = {"-i", "--interactive"}, description = "Run the script (or the -c commands), then stay in the REPL "
            + "at the state it reached, as python -i does.")
    boolean interactive;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--record", paramLabel = "FILE.cast", description = "Record the session as an asciicast v2 file "
            + "(asciinema plays it), with a marker where each phase starts; written at exit, also after Ctrl-C.")
    Path record;

    /** A lesson to run instead of SCRIPT ({@code sysstep lesson NAME}). */
    ScriptSource lesson;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT", description = "A script file, or - for standard input.")
    String script;

    public SysstepCommand(Env env) {
        this.env = env;
    }

    /** Version for -V. */
    public static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sysstep " + Version.VERSION + " (kernel profiles "
                    + String.join(", ", dev.sysstep.core.kernel.Switch.KERNEL.choices()) + "; Java "
                    + System.getProperty("java.version") + ")"};
        }
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        KernelConfig config = profile.toConfig(cl);
        if (trace != null) {
            try {
                // a trace that could not be written is a usage error, said before the run rather than after it
                dev.sysstep.app.io.OutputFiles.check(trace);
            } catch (dev.sysstep.app.io.OutputFiles.Unwritable e) {
                env.err().println("sysstep: cannot write the trace: " + Escape.text(e.getMessage()));
                return 2;
            }
        }
        if (interactive && (!env.stdinIsTerminal() || "-".equals(script))) {
            env.err().println("sysstep: -i needs a terminal on standard input (the REPL reads from it)");
            return 2;
        }
        boolean batch = !interactive && (commands != null || script != null || !env.stdinIsTerminal());
        if (batch) {
            return runBatch(new Session(config, UserProgram.seedWrite()));
        }
        // The first prompt needs both the session and the terminal; on two cores they are built side by side.
        CompletableFuture<Session> session = CompletableFuture.supplyAsync(() -> new Session(config, UserProgram.seedWrite()));
        return runRepl(session);
    }

    private int runBatch(Session session) {
        boolean outColor = color.decide(env, env.stdoutIsTerminal());
        int w = color.width(env, 0);
        Recorder recorder = recorder(w == 0 ? 80 : w, 24);
        PrintWriter out = recorded(new java.io.OutputStreamWriter(env.out(), StandardCharsets.UTF_8), recorder);
        PrintWriter err = recorded(new java.io.OutputStreamWriter(env.err(), StandardCharsets.UTF_8), recorder);
        Output output = new Output(out, err, outColor, outColor, color.theme(env, spec.commandLine()), () -> w)
                .watching(env.out());
        boolean scriptFromStdin = script != null && script.equals("-") || (script == null && commands == null && lesson == null);
        Supplier<String> pause = env.stdinIsTerminal() && !scriptFromStdin ? readLineFrom(env) : null;
        Interpreter interp = new Interpreter(session, output, pause);
        budget.applyTo(interp);
        interp.setQuiet(quiet);
        interp.setDebug(env.vars().containsKey("SYSSTEP_DEBUG"));
        if (recorder != null) {
            interp.addListener(recorder.markers());
        }
        int code;
        try {
            code = runScriptOrCommands(interp, output);
        } catch (Output.WriteFailed e) {
            return 3; // Main says why once standard output is flushed (or ends quietly for a closed pipe)
        }
        if (code == UNREADABLE) {
            return 2;
        }
        return writeRecord(recorder, output, writeTrace(session, output, code));
    }

    /** The script could not be read: nothing ran. */
    private static final int UNREADABLE = -1;

    /** Runs the -c commands or the script; the exit code, or {@link #UNREADABLE}. */
    private int runScriptOrCommands(Interpreter interp, Output output) {
        int code;
        if (lesson != null) {
            code = exitCode(interp, interp.runScript(lesson.name(), lesson.lines(), keepGoing));
            if (interp.quiz().scored().stream().anyMatch(q -> q.answered())) {
                output.doc(interp.quiz().score());
            }
        } else if (commands != null) {
            Status o = interp.runScript("-c", List.of(commands), keepGoing);
            code = exitCode(interp, o);
        } else {
            List<String> lines;
            Path path = script == null || script.equals("-") ? null : Path.of(script);
            try {
                lines = path == null ? ScriptReader.read(env.in(), "-") : ScriptReader.read(path);
            } catch (ScriptReader.ScriptException e) {
                output.error("sysstep", e.getMessage());
                return UNREADABLE;
            } catch (IOException e) {
                output.error("sysstep", "cannot read standard input: " + e.getMessage());
                return UNREADABLE;
            }
            code = exitCode(interp, interp.runScript(path, lines, keepGoing));
        }
        return code;
    }

    private static int exitCode(Interpreter interp, Status o) {
        if (interp.internalErrors() > 0) {
            return 3;
        }
        if (interp.errors() > 0 || o == Status.ERROR) {
            return 2;
        }
        return interp.expectFailures() > 0 ? 1 : 0;
    }

    private int writeTrace(Session session, Output output, int code) {
        if (trace == null) {
            return code;
        }
        try {
            JsonTrace.writeFile(session, trace);
        } catch (dev.sysstep.app.io.OutputFiles.Unwritable e) {
            if (dev.sysstep.app.io.CheckedPrintStream.isBrokenPipe(e)) {
                return 141; // --trace /dev/stdout into a pipe whose reader left: quiet, as SIGPIPE would be
            }
            output.error("sysstep", "cannot write the trace: " + e.getMessage());
            return Math.max(code, 2);
        }
        return code;
    }

    /** The recorder --record asks for, or null. */
    private Recorder recorder(int width, int height) {
        if (record == null) {
            return null;
        }
        String title = lesson != null ? lesson.title() : script != null ? script : "sysstep";
        return new Recorder(record, width, height, title);
    }

    private static PrintWriter recorded(java.io.Writer w, Recorder recorder) {
        return new PrintWriter(recorder == null ? w : recorder.tee(w), true);
    }

    private int writeRecord(Recorder recorder, Output output, int code) {
        if (recorder == null) {
            return code;
        }
        try {
            recorder.write();
        } catch (dev.sysstep.app.io.OutputFiles.Unwritable e) {
            output.error("sysstep", "cannot write the recording: " + e.getMessage());
            return Math.max(code, 2);
        }
        return code;
    }

    private static Supplier<String> readLineFrom(Env env) {
        BufferedReader r = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
        return () -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        };
    }

    private int runRepl(CompletableFuture<Session> pending) {
        Theme theme = color.theme(env, spec.commandLine()); // a bad theme is refused before the terminal opens
        // Only the JNI provider (jline-terminal-jni is in the jar): the exec provider would fork stty at
        // start-up, and the others are not shipped. A dumb terminal remains the fallback.
        try (org.jline.terminal.Terminal terminal = org.jline.terminal.TerminalBuilder.builder()
                .system(true).name("sysstep").jni(true).exec(false).ffm(false).jna(false).jansi(false).build()) {
            boolean isTerminal = !org.jline.terminal.Terminal.TYPE_DUMB.equals(terminal.getType())
                    && !org.jline.terminal.Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            boolean colorOn = color.decide(env, isTerminal);
            Recorder recorder = recorder(Math.max(1, terminal.getWidth()), Math.max(1, terminal.getHeight()));
            PrintWriter shown = recorder == null ? terminal.writer() : recorded(terminal.writer(), recorder);
            Output output = new Output(shown, shown, colorOn, colorOn, theme,
                    () -> color.width(env, isTerminal ? terminal.getWidth() : 0));
            Session session = built(pending);
            Interpreter interp = new Interpreter(session, output, null);
            budget.applyTo(interp);
            interp.setQuiet(quiet);
            interp.setVerbose(verbose);
            interp.setDebug(env.vars().containsKey("SYSSTEP_DEBUG"));
            Repl repl = new Repl(interp, output, terminal, new HistoryStore(env.historyFile()));
            if (recorder != null) {
                interp.addListener(recorder.markers());
                repl.recordInput(recorder);
            }
            if (interactive && (script != null || commands != null || lesson != null)) {
                repl.first(() -> {
                    interp.setVerbose(true); // a script shows every phase in full, here as in a batch run
                    runScriptOrCommands(interp, output);
                    interp.setVerbose(verbose);
                });
            }
            int code = repl.run();
            return writeRecord(recorder, output, writeTrace(session, output, code));
        } catch (IOException e) {
            env.err().println("sysstep: cannot open the terminal: " + e.getMessage());
            return 3;
        }
    }

    /** The session built in the background; its failure is thrown here as it would have been inline. */
    private static Session built(CompletableFuture<Session> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
