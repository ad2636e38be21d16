package dev.sysstep.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole scripts run through the real command line with colour off, compared with the output
 * written next to them ({@code NAME.out}, and {@code NAME.err} when something goes to stderr).
 * Each script also carries its own {@code expect} lines, RARS style, and says in a header comment
 * the arguments to run it with ({@code #! args: -q}) and the exit code it must end with
 * ({@code #! exit: 1}). The expected output was checked by hand against the reference when it was
 * first written; {@code -Dsysstep.golden=update} rewrites it for a deliberate change, to review in git.
 */
class ScriptGoldenTest {
    static final Path DIR = Path.of("src/test/resources/scripts");

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.filter(p -> p.toString().endsWith(".sysstep")).sorted().forEach(scripts::add);
        }
        assertThat(scripts).isNotEmpty();
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path script) throws IOException {
        List<String> header = Files.readAllLines(script, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        int exit = 0;
        for (String line : header) {
            if (line.startsWith("#! args:")) {
                args.addAll(List.of(line.substring("#! args:".length()).trim().split("\\s+")));
            } else if (line.startsWith("#! exit:")) {
                exit = Integer.parseInt(line.substring("#! exit:".length()).trim());
            }
        }
        args.add(script.toString());
        Cli.Result r = Cli.cli().env("TERM", "xterm-256color").run(args.toArray(String[]::new));

        String name = script.getFileName().toString().replaceFirst("\\.sysstep$", "");
        Path out = script.resolveSibling(name + ".out");
        Path err = script.resolveSibling(name + ".err");
        if ("update".equals(System.getProperty("sysstep.golden"))) {
            Files.writeString(out, r.out(), StandardCharsets.UTF_8);
            if (r.err().isEmpty()) {
                Files.deleteIfExists(err);
            } else {
                Files.writeString(err, r.err(), StandardCharsets.UTF_8);
            }
        }
        assertThat(r.out()).as("stdout of %s", script).isEqualTo(read(out));
        assertThat(r.err()).as("stderr of %s", script).isEqualTo(Files.exists(err) ? read(err) : "");
        assertThat(r.code()).as("exit code of %s (stderr: %s)", script, r.err()).isEqualTo(exit);
        assertThat(r.out() + r.err()).as("no terminal escape reaches the user without colour").doesNotContain("\u001b");
        // issue 11, point 1: laid out for 80 columns where nothing says otherwise (errors stay one line)
        assertThat(r.out().lines()).as("lines of %s wider than 80", script)
                .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
