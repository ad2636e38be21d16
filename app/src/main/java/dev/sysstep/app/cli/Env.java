package dev.sysstep.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything sysstep takes from its surroundings, passed in rather than read from globals, so
 * tests drive the real tool: environment variables, streams, whether they are terminals, home.
 */
public record Env(Map<String, String> vars, InputStream in, PrintStream out, PrintStream err,
                  boolean stdinIsTerminal, boolean stdoutIsTerminal, Path home) {

    public static Env system() {
        boolean console = System.console() != null;
        String home = System.getProperty("user.home");
        return new Env(System.getenv(), System.in, System.out, System.err, console, console,
                home == null ? null : Path.of(home));
    }

    /** ~/.sysstep_history, or $SYSSTEP_HISTORY; none when there is no home. */
    public Path historyFile() {
        String h = vars.get("SYSSTEP_HISTORY");
        if (h != null && !h.isEmpty()) {
            return Path.of(h);
        }
        return home == null ? null : home.resolve(".sysstep_history");
    }
}
