package dev.sysstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.cli.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** An internal error is one line and exit code 3, with the stack trace only on request. */
class MainTest {

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("simulated bug");
        }
    }

    private static String[] run(Map<String, String> vars) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env env = new Env(vars, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, false, null);
        CommandLine cl = Main.commandLine(env, new String[] {"boom"});
        cl.addSubcommand("boom", new Boom());
        cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(env.err(), StandardCharsets.UTF_8), true));
        int code = cl.execute("boom");
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void internalErrorIsOneLineAndExitThree() {
        String[] r = run(Map.of());
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[1]).isEqualTo("sysstep: internal error: java.lang.IllegalStateException: simulated bug\n");
    }

    @Test
    void sysstepDebugShowsTheStackTrace() {
        String[] r = run(Map.of("SYSSTEP_DEBUG", "1"));
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[1]).contains("\tat dev.sysstep.app.MainTest$Boom.call");
    }
}
