package dev.sysstep.app.command;

import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.core.session.Session;
import java.nio.file.Path;

/** What a verb may use while it runs: the session, the output, expressions and scripts. */
public interface Context {

    Session session();

    /** Shows a document whatever the settings. */
    void show(Doc d);

    /** Shows the output of a motion or a confirmation of a setup command; {@code -q} leaves these out. */
    void showMotion(Doc d);

    /** True when steps and confirmations are left out ({@code -q}). */
    boolean quiet();

    /**
     * True when a motion over several phases shows each in full (scripts, {@code set verbose on}); false
     * when it shows a line per phase and the net change (the REPL's default, as gdb's continue is quiet).
     */
    boolean verbose();

    void setVerbose(boolean on);

    /** The expressions {@code display} shows after every stop, by number (gdb's display list). */
    java.util.SortedMap<Integer, String> displays();

    /** Adds an expression to the display list; its number. */
    int display(String expr);

    /** Keeps a printed value in this session's value history, as gdb does; its number ($1, $2, ...). */
    int keepValue(long value);

    /** Shows (a part of) the result with this key and remembers that it was the last thing shown. */
    void showResult(Doc d, String resultKey);

    /**
     * True when the result with this key was the last thing shown: with {@code -q} the end of a run
     * shows the strace line, and an explicit {@code result} right after adds only what that line did not
     * say.
     */
    boolean lastShown(String resultKey);

    /** Evaluates an expression against the session: registers, pt_regs fields, symbols, constants. */
    long value(String expr) throws ParseException;

    /** Reports a failed expect (one line, with where it was) and counts it. */
    void expectFailed(String message);

    /** Notes an expect that held ({@code grade} counts every expect as a test case). */
    void expectPassed(String comparison);

    /** A script's own words ({@code echo}): shown, and a slide in {@code present} and a handout. */
    void narrate(String text);

    /** A prediction ({@code ask}): the answer now, the reveal after the next motion. */
    void ask(String expr, String question);

    /** Called by every motion before its output is shown: recordings mark where each phase starts. */
    void motionShowing(dev.sysstep.core.session.StepReport report);

    /** Called by every motion once its output is shown: quizzes reveal, recorders and handouts capture. */
    void motionDone(dev.sysstep.core.session.StepReport report);

    /** Waits for the user (a script's {@code pause}), when someone can answer. */
    void pause(String text);

    /** Runs a script file from within a script or the REPL ({@code source FILE}). */
    Status source(Path file);
}
