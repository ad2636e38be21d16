package dev.sysstep.app.run;

import dev.sysstep.app.command.Command;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Parser;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.lang.Resolver;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SysstepException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs commands of the sysstep language against a session. The REPL, scripts and {@code -c} all go
 * through here, so a command behaves the same everywhere. Errors are one line naming what was
 * wrong; the session always survives them.
 */
public final class Interpreter implements Context {
    /** Scripts may include scripts, but not endlessly. */
    static final int MAX_SOURCE_DEPTH = 16;
    /** No script is longer than this (bounded input). */
    static final int MAX_SCRIPT_LINES = 100_000;
    /** The default budget of one run: commands run and lines parsed (scripts that source scripts multiply). */
    public static final long DEFAULT_MAX_COMMANDS = 250_000;
    /** The default budget of one run: instructions executed, going back included. */
    public static final long DEFAULT_MAX_INSTRUCTIONS = 10_000_000;

    /** Who else follows a run: {@code present} and the handouts capture phases and slides, recordings mark phases. */
    public interface Listener {
        /** A motion ran; its output is about to be shown. */
        default void showing(dev.sysstep.core.session.StepReport report) {
        }

        /** A motion ran and its output was shown. */
        default void motion(dev.sysstep.core.session.StepReport report) {
        }

        /** A script's own words: {@code echo} text, or a {@code pause}'s (null when it has none). */
        default void narrated(String text, boolean pause) {
        }
    }

    private final Session session;
    private Output out;
    private final List<Listener> listeners = new ArrayList<>();
    private dev.sysstep.app.teach.Quiz quiz = dev.sysstep.app.teach.Quiz.silent();
    /** The report of the motion a quiz ran ahead, silently, to know what to ask before it. */
    private dev.sysstep.core.session.StepReport dryRun;
    private boolean dryRunning;
    private Supplier<String> pauseInput;
    private final Resolver resolver;
    private boolean quiet;
    private boolean verbose = true;
    private final java.util.SortedMap<Integer, String> displays = new java.util.TreeMap<>();
    private int nextDisplay = 1;
    private boolean debug;
    private int expectFailures;
    /** Every expect that ran, in order, with where it was written (grade reports each). */
    private ExpectLog expects = ExpectLog.NONE;
    private int errors;
    private int internalErrors;
    private int depth;
    /** Where the command running now was written, for messages: "file:line", "-c" or "". */
    private String where = "";
    private long maxCommands = DEFAULT_MAX_COMMANDS;
    private long maxInstructions = DEFAULT_MAX_INSTRUCTIONS;
    /** Work done since the budget was last reset, and whether it ran out (which ends every script). */
    private long work;
    private long instructionsAtReset;
    private boolean outOfBudget;
    /** Ctrl-C arrived during the line being run: the rest of it, and any script, stops. */
    private boolean interrupted;
    /** Scripts parsed once per run: a script sourced many times is not parsed again. */
    private final java.util.Map<Path, List<List<Command>>> parsedScripts = new java.util.HashMap<>();

    /**
     * @param pauseInput reads a line for {@code pause}; null when nothing interactive is attached
     */
    public Interpreter(Session session, Output out, Supplier<String> pauseInput) {
        this.session = session;
        this.out = out;
        this.pauseInput = pauseInput;
        this.resolver = new Resolver(session);
        resetBudget();
    }

    @Override
    public Session session() {
        return session;
    }

    /** Where {@code pause} reads its Enter from (the REPL's line editor); null: nobody can answer. */
    public void setPauseInput(Supplier<String> in) {
        pauseInput = in;
    }

    public void setQuiet(boolean q) {
        quiet = q;
    }

    /** The budget of one run: at most this many commands run and lines parsed, and instructions executed. */
    public void setBudget(long commands, long instructions) {
        maxCommands = commands;
        maxInstructions = instructions;
    }

    /** Starts a new budget: the REPL gives one to every line typed, a batch run one in all. */
    public void resetBudget() {
        session.takeInterrupt(); // an interrupt that came between lines is forgotten
        interrupted = false;
        work = 0;
        instructionsAtReset = session.instructionsExecuted();
        outOfBudget = false;
    }

    /** Counts work; false (after one message) once the budget is spent, which stops every script. */
    private boolean spend(long units, String at) {
        if (outOfBudget) {
            return false;
        }
        work += units;
        long instructions = session.instructionsExecuted() - instructionsAtReset;
        if (work <= maxCommands && instructions <= maxInstructions) {
            return true;
        }
        outOfBudget = true;
        errors++;
        out.error(at, work > maxCommands
                ? "stopped: the run has used its budget of " + maxCommands + " commands and script lines "
                + "(--max-commands raises it)"
                : "stopped: the run has executed its budget of " + maxInstructions + " instructions "
                + "(--max-instructions raises it)");
        return false;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void setQuiz(dev.sysstep.app.teach.Quiz q) {
        quiz = q;
        quizChosen = true;
    }

    /** Whether {@link #setQuiz} chose the quiz; otherwise a terminal answers, or nobody. */
    private boolean quizChosen;

    public dev.sysstep.app.teach.Quiz quiz() {
        return quiz;
    }

    /** Keeps every expect that runs from now on in {@code log}. */
    public void logExpects(ExpectLog log) {
        expects = log;
    }

    /** Internal errors also show their stack trace (SYSSTEP_DEBUG). */
    public void setDebug(boolean d) {
        debug = d;
    }

    @Override
    public boolean quiet() {
        return quiet;
    }

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public void setVerbose(boolean on) {
        verbose = on;
    }

    @Override
    public java.util.SortedMap<Integer, String> displays() {
        return displays;
    }

    /** The key of the result last shown, so that it is not shown twice in a row. */
    private String shownResult;

    @Override
    public void showResult(Doc d, String key) {
        out.doc(d);
        shownResult = key;
    }

    @Override
    public boolean lastShown(String key) {
        return key.equals(shownResult);
    }

    /** The values print has shown, in order: gdb's value history. */
    private final List<Long> values = new ArrayList<>();

    @Override
    public int keepValue(long value) {
        values.add(value);
        return values.size();
    }

    @Override
    public int display(String expr) {
        displays.put(nextDisplay, expr);
        return nextDisplay++;
    }

    public int expectFailures() {
        return expectFailures;
    }

    public int errors() {
        return errors;
    }

    /** Failures of sysstep itself (a bug, not the user's input): the run ends with exit code 3. */
    public int internalErrors() {
        return internalErrors;
    }

    /** Parses and runs one line (one or more commands); {@code where} prefixes messages (file:line). */
    public Status runLine(String line, String where) {
        List<Command> commands;
        try {
            commands = Parser.parseLine(line);
        } catch (ParseException e) {
            errors++;
            out.error(where, e.getMessage());
            return Status.ERROR;
        }
        return runCommands(commands, where);
    }

    /** Runs the parsed commands of one line; stops at the first error or quit, or when interrupted. */
    private Status runCommands(List<Command> commands, String where) {
        Status result = Status.OK;
        for (Command c : commands) {
            Status o = run(c, where);
            if (session.takeInterrupt()) {
                // Ctrl-C: the motion stopped at its last whole step; nothing after it runs
                interrupted = true;
                out.error(where, "interrupted; the session is at step " + session.position());
                return Status.ERROR;
            }
            if (interrupted) {
                return Status.ERROR;
            }
            if (o == Status.QUIT || o == Status.ERROR) {
                return o;
            }
            if (o == Status.EXPECT_FAILED) {
                result = o;
            }
        }
        return result;
    }

    /** Runs one parsed command. */
    public Status run(Command c, String at) {
        if (!spend(1, at)) {
            return Status.ERROR;
        }
        if (quiz.auto() && c.verb().moves() && !dryRunning) {
            askBefore(c, at);
        }
        String outer = where;
        where = at;
        try {
            return c.run(this);
        } catch (SysstepException | ParseException | IllegalArgumentException e) {
            errors++;
            out.error(at, e.getMessage());
            return Status.ERROR;
        } catch (Output.WriteFailed e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // a bug: say so in one line and keep the session, which a command never leaves half-changed
            internalErrors++;
            out.error(at, "internal error: " + e + " (a bug in sysstep; SYSSTEP_DEBUG=1 shows where)");
            if (debug) {
                java.io.StringWriter w = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(w));
                out.error("", w.toString());
            }
            return Status.ERROR;
        } finally {
            where = outer;
            spend(0, at);
        }
    }

    /**
     * A quiz asks before a forward motion about the phases it will pass: the motion is run once with
     * nothing shown, its report read, and the session put back where it was (the path is
     * deterministic, so the real run passes the same phases).
     */
    private void askBefore(Command c, String at) {
        int from = session.position();
        Output shown = out;
        int errorsBefore = errors;
        int expectsBefore = expectFailures;
        dryRunning = true;
        dryRun = null;
        out = Output.discarding(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        try {
            c.run(this);
        } catch (RuntimeException | ParseException e) {
            dryRun = null; // the real run reports it
        } finally {
            if (session.position() != from) {
                session.goTo(from);
            }
            out = shown;
            errors = errorsBefore;
            expectFailures = expectsBefore;
            dryRunning = false;
        }
        if (dryRun != null && dryRun.forward()) {
            String outer = where;
            where = at;
            quiz.askAbout(this, at, dryRun);
            where = outer;
        }
    }

    // ---------------------------------------------------------------- Context

    @Override
    public void narrate(String text) {
        for (Listener l : listeners) {
            l.narrated(text, false);
        }
        Doc d = new Doc();
        for (String line : text.split("\n", -1)) {
            d.line().add(line, Style.PLAIN);
        }
        show(d);
    }

    @Override
    public void ask(String expr, String question) {
        if (!quizChosen && pauseInput != null) {
            // someone is at the terminal: the question waits for their answer (Enter skips it)
            quiz = new dev.sysstep.app.teach.Quiz(q -> {
                show(Doc.of("  your answer (Enter skips):", Style.DIM));
                return pauseInput == null ? null : pauseInput.get();
            }, false);
            quizChosen = true;
        }
        quiz.ask(this, where, expr, question);
    }

    @Override
    public void motionShowing(dev.sysstep.core.session.StepReport report) {
        if (!dryRunning) {
            for (Listener l : listeners) {
                l.showing(report);
            }
        }
    }

    @Override
    public void motionDone(dev.sysstep.core.session.StepReport report) {
        if (dryRunning) {
            dryRun = report;
            return;
        }
        for (Listener l : listeners) {
            l.motion(report);
        }
        if (quiz.hasPending()) {
            quiz.reveal(this, report);
        }
    }

    /** Reveals the questions no motion followed, against the state as it is now. */
    public void revealPending() {
        if (quiz.hasPending()) {
            quiz.reveal(this, null);
        }
    }

    @Override
    public void show(Doc d) {
        shownResult = null;
        out.doc(d);
    }

    @Override
    public void showMotion(Doc d) {
        if (!quiet) {
            out.doc(d);
        }
    }

    @Override
    public long value(String expr) throws ParseException {
        return Expr.evaluate(expr, resolver);
    }

    @Override
    public void expectFailed(String message) {
        expectFailures++;
        expects.failed(where, message);
        out.error(where, message);
    }

    @Override
    public void expectPassed(String comparison) {
        expects.passed(where, comparison);
    }

    @Override
    public void pause(String text) {
        for (Listener l : listeners) {
            l.narrated(text, true);
        }
        if (pauseInput == null) {
            // nobody can press Enter (stdin is not a terminal, or is the script): the text is part of the
            // demo's story, so it is told, and the script goes on
            if (text != null) {
                showMotion(Doc.of(text, Style.WARNING));
            }
            return;
        }
        show(Doc.of(text == null ? "-- paused: press Enter to go on --" : text + "  -- press Enter --", Style.WARNING));
        if (pauseInput.get() == null) {
            session.interrupt(); // Ctrl-C or Ctrl-D at a pause stops the script, as at any other point
        }
    }

    @Override
    public Status source(Path p) {
        if (depth >= MAX_SOURCE_DEPTH) {
            throw new SysstepException("source: scripts nested more than " + MAX_SOURCE_DEPTH + " deep");
        }
        List<List<Command>> parsed = parsedScripts.get(p.toAbsolutePath().normalize());
        if (parsed == null) {
            List<String> lines;
            try {
                lines = ScriptReader.read(p);
            } catch (ScriptReader.ScriptException e) {
                throw new SysstepException("source: " + e.getMessage());
            }
            parsed = parse(p.toString(), lines);
            if (parsed == null) {
                return Status.ERROR;
            }
            parsedScripts.put(p.toAbsolutePath().normalize(), parsed);
        }
        depth++;
        try {
            return runParsed(p.toString(), parsed, false);
        } finally {
            depth--;
        }
    }

    // ---------------------------------------------------------------- scripts

    /**
     * Runs a script's lines. Every line is parsed first; a line that does not parse stops the script
     * before anything runs. Then lines run in order; an error stops it, and so does a failed expect
     * unless {@code keepGoing}.
     */
    public Status runScript(Path file, List<String> lines, boolean keepGoing) {
        return runScript(file == null ? "-" : file.toString(), lines, keepGoing);
    }

    /** As {@link #runScript(Path, List, boolean)}; {@code name} prefixes messages ("-c" for command-line commands). */
    public Status runScript(String name, List<String> lines, boolean keepGoing) {
        if (lines.size() > MAX_SCRIPT_LINES) {
            errors++;
            out.error(name, "the script has " + lines.size() + " lines; at most " + MAX_SCRIPT_LINES + " are allowed");
            return Status.ERROR;
        }
        List<List<Command>> parsed = parse(name, lines);
        if (parsed == null) {
            return Status.ERROR;
        }
        Status s = runParsed(name, parsed, keepGoing);
        revealPending();
        return s;
    }

    /** Every line parsed, or null after reporting each line that does not parse. */
    private List<List<Command>> parse(String name, List<String> lines) {
        if (!spend(lines.size(), name)) {
            return null;
        }
        boolean parseErrors = false;
        List<List<Command>> parsed = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                parsed.add(Parser.parseLine(lines.get(i)));
            } catch (ParseException e) {
                parseErrors = true;
                errors++;
                out.error(lineName(name, i, lines.size()), e.getMessage());
            }
        }
        return parseErrors ? null : List.copyOf(parsed);
    }

    private Status runParsed(String name, List<List<Command>> parsed, boolean keepGoing) {
        Status result = Status.OK;
        for (int i = 0; i < parsed.size(); i++) {
            if (outOfBudget || interrupted) {
                return Status.ERROR;
            }
            Status o = runCommands(parsed.get(i), lineName(name, i, parsed.size()));
            if (o == Status.QUIT) {
                return o;
            }
            if (o == Status.ERROR && !keepGoing) {
                return o;
            }
            if (o == Status.EXPECT_FAILED) {
                result = Status.EXPECT_FAILED;
                if (!keepGoing) {
                    return o;
                }
            }
            if (o == Status.ERROR) {
                result = Status.ERROR;
            }
        }
        return result;
    }

    /** "file:line", or just "-c" for one line of command-line commands. */
    private static String lineName(String name, int index, int count) {
        return name.equals("-c") && count == 1 ? name : name + ":" + (index + 1);
    }
}
