package dev.sysstep.app.testing;

import dev.sysstep.app.Main;
import dev.sysstep.app.cli.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real sysstep command line with in-memory streams and a chosen environment. */
public final class Cli {
    private final Map<String, String> vars = new HashMap<>();
    private String stdin = "";
    private boolean stdoutIsTerminal;
    private Path home;

    public static Cli cli() {
        return new Cli();
    }

    public Cli env(String name, String value) {
        vars.put(name, value);
        return this;
    }

    public Cli stdin(String text) {
        stdin = text;
        return this;
    }

    public Cli stdoutIsTerminal(boolean tty) {
        stdoutIsTerminal = tty;
        return this;
    }

    public Cli home(Path dir) {
        home = dir;
        return this;
    }

    /** The exit code and what went to standard output and standard error. */
    public record Result(int code, String out, String err) {
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Env env = new Env(Map.copyOf(vars), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
                false, stdoutIsTerminal, home);
        int code = Main.run(args, env);
        o.flush();
        e.flush();
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
