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

    /** Evaluates an expression against the session: registers, pt_regs fields, symbols, constants. */
    long value(String expr) throws ParseException;

    /** Reports a failed expect (one line, with where it was) and counts it. */
    void expectFailed(String message);

    /** Waits for the user (a script's {@code pause}), when someone can answer. */
    void pause(String text);

    /** Runs a script file from within a script or the REPL ({@code source FILE}). */
    Status source(Path file);
}
