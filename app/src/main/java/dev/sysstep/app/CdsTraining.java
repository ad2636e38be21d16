package dev.sysstep.app;

import dev.sysstep.app.cli.Env;
import dev.sysstep.app.run.HistoryStore;
import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.Output;
import dev.sysstep.app.run.Repl;
import dev.sysstep.core.session.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/**
 * Not a user command: the launcher runs this once after a build with
 * {@code -XX:ArchiveClassesAtExit}, so the classes a start-up needs (the command line, every
 * profile's path, the views, colour, the JSON trace, the line editor) go into a class-data-sharing
 * archive and later starts map them instead of loading and verifying them again.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Env env = new Env(Map.of(), new ByteArrayInputStream(new byte[0]), nowhere, nowhere, false, false, null);
        Main.run(new String[] {"--help"}, env);
        Main.run(new String[] {"--version"}, env);
        // a script read from a file, as `sysstep demo.sysstep` reads it, with the gdb words of a session
        java.nio.file.Path script = java.nio.file.Files.createTempFile("sysstep-training", ".sysstep");
        try {
            java.nio.file.Files.writeString(script, String.join("\n", "# training", "b exit.check.cs", "info b",
                    "run", "p $rcx", "p/x ptregs.ip", "display/x $rsp", "step", "undisplay", "info registers rip rsp",
                    "info frame", "continue", "rc", "rn", "rs", "rsi", "list", "explain next", "x/2i $rip",
                    "x/1gx -k 0xffffc90000013f58", "delete", "reset", "set rflags |= TF", "info setup", "reset all",
                    "step 5", "si", "next", "finish", "expect rax == 1", "expect phase == entry.swapgs",
                    "program write 1 \"hi\\n\" 3", "run", "result", "expect exit == sysret", "quit", ""));
            Main.run(new String[] {"--color=never", "--keep-going", script.toString()}, env);
            Main.run(new String[] {"-q", script.toString()}, env);
        } finally {
            java.nio.file.Files.deleteIfExists(script);
        }
        Main.run(new String[] {"-c", "step 3; regs all; flags; msr; cr3; stack; ptregs; x/4gx $rsp; x/s msg; bt; "
                + "phases; where; fds; terminal; explain; source; diff 0 5; back; backi; goto c.vfs_write; "
                + "break exit.check.*; watch ptregs.ax; continue; info breakpoints; delete; run; result; "
                + "expect rax == 3; set rflags |= TF; program getpid; run; config kernel 5.14; run; "
                + "config kernel 7.0; run; config cpu amd; run; help; help set"}, env);
        Main.run(new String[] {"--color=always", "-c", "step 5; back 2; run"}, env);
        Main.run(new String[] {"trace"}, env);
        Main.run(new String[] {"phases"}, env);
        Main.run(new String[] {"explain", "entry.swapgs"}, env);
        String keys = "step\n\nsi 2\nback\nregs\nstpe\nquit\n";
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream())) {
            PrintWriter w = t.writer();
            Output out = new Output(w, w, true, true);
            new Repl(new Interpreter(Session.defaults(), out, null), out, t, new HistoryStore(null)).run();
        }
    }
}
