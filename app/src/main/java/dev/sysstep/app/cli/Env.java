package dev.sysstep.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
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
        // $HOME first, as shells and other tools use it; Java's user.home ignores it
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        // standard output remembers why a write failed: a full disk is an error, a closed pipe is not
        java.io.PrintStream out = dev.sysstep.app.io.CheckedPrintStream.over(
                new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16));
        return new Env(System.getenv(), System.in, out, System.err,
                console || isTerminal(0), console || isTerminal(1), home == null ? null : Path.of(home));
    }

    /**
     * Java 17 only says whether both stdin and stdout are terminals; when they differ
     * ({@code sysstep | less}), Linux tells us per descriptor through /proc. Elsewhere: no.
     */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
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
