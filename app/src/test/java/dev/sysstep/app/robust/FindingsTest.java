package dev.sysstep.app.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sysstep.app.Main;
import dev.sysstep.app.cli.Env;
import dev.sysstep.app.io.CheckedPrintStream;
import dev.sysstep.app.testing.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One regression test per finding of the fuzz campaign (issue 9), through the real command line. */
class FindingsTest {
    @TempDir
    Path dir;

    private static void oneLine(Cli.Result r) {
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        // finding 2: 2,000 parentheses, or long runs of - and ~
        for (String expr : new String[] {"(".repeat(2000) + "1" + ")".repeat(2000), "- ".repeat(3000) + "1",
            "~".repeat(3000) + "1"}) {
            Cli.Result r = Cli.cli().run("-c", "set rbx " + expr);
            assertThat(r.code()).isEqualTo(2);
            oneLine(r);
        }
    }

    @Test
    void globsMatchLinearly() {
        // finding 3: break ********! took seconds with a backtracking matcher
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Cli.Result r = Cli.cli().run("-q", "-c", "break " + "*".repeat(40) + "!; run");
            assertThat(r.code()).isZero();
        });
    }

    @Test
    void hugeWordsAndLinesAreRefusedAtOnce() {
        // findings 4 and 5: a 100 k literal, an 8 MB unknown command, a 1 MB word to explain
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String line : new String[] {"break " + "a".repeat(100_000), "x".repeat(8_000_000),
                "explain " + "y".repeat(1_000_000), "diff " + "z".repeat(1_000_000)}) {
                Cli.Result r = Cli.cli().run("-c", line);
                assertThat(r.code()).isEqualTo(2);
                oneLine(r);
                assertThat(r.err().length()).isLessThan(1000);
            }
        });
    }

    @Test
    void scriptsThatSourceScriptsRunOutOfBudget() throws IOException {
        // finding 6: five 100-line files that each source the next
        for (int i = 1; i <= 5; i++) {
            Files.writeString(dir.resolve("f" + i), ("source " + dir.resolve("f" + (i + 1)) + "\n").repeat(100));
        }
        Files.writeString(dir.resolve("f6"), "stepi\n");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Cli.Result r = Cli.cli().run("-q", "--max-commands", "20000", dir.resolve("f1").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("budget of 20000 commands").contains("--max-commands");
        });
        // a run that fits its budget is not disturbed
        assertThat(Cli.cli().run("-q", "--max-commands", "20000", "-c", "run").code()).isZero();
    }

    @Test
    void aTraceThatCannotBeWrittenIsAUsageError() {
        // finding 7: --trace / was a NullPointerException, exit 3
        Cli.Result r = Cli.cli().run("--trace", "/", "-c", "run");
        assertThat(r.code()).isEqualTo(2);
        oneLine(r);
        assertThat(r.err()).contains("/: is a directory");
        assertThat(r.out()).isEmpty(); // said before the run, not after it
    }

    @Test
    void aTraceKeepsWhatTheUserSetUp() throws IOException {
        // finding 10: symlinks, modes and device nodes survive; no temporary file is left
        Path target = Files.writeString(dir.resolve("t.jsonl"), "old");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), target);
        assertThat(Cli.cli().run("-q", "--trace", link.toString(), "-c", "run").code()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).startsWith("{\"sysstep\"");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-r-----");
        Path hard = dir.resolve("hard.jsonl");
        Files.createLink(hard, target);
        assertThat(Cli.cli().run("-q", "--trace", hard.toString(), "-c", "program getpid; run").code()).isZero();
        assertThat(Files.readString(target)).contains("getpid"); // written through the shared inode
        assertThat(Cli.cli().run("-q", "--trace", "/dev/null", "-c", "run").code()).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aFailedWriteOfTheMainOutputIsExitThree() {
        // finding 11: `sysstep -c run > /dev/full` exited 0
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        for (String[] args : new String[][] {{"-c", "run"}, {"trace", "-c", "run"}, {"--help"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Env env = new Env(Map.of(), new ByteArrayInputStream(new byte[0]), CheckedPrintStream.over(full),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false, false, null);
            assertThat(Main.run(args, env)).as(String.join(" ", args)).isEqualTo(3);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write to standard output")
                    .contains("No space left on device");
        }
    }

    @Test
    void smallOnes() {
        // finding 13
        assertThat(Cli.cli().run("-c", "goto 99999999999999").err()).contains("no step 99999999999999")
                .doesNotContain("2147483647");
        Cli.Result cpl = Cli.cli().run("-c", "set cpl 0");
        assertThat(cpl.err()).contains("CPL follows CS").doesNotContain("ptregs.cpl");
        for (String count : new String[] {"\u0663", "\u0663\u0664", "\uff13"}) { // Arabic-Indic and full-width digits
            Cli.Result r = Cli.cli().run("-c", "stepi " + count);
            assertThat(r.code()).as(count).isEqualTo(2);
            assertThat(r.out()).isEmpty();
        }
        assertThat(Cli.cli().run("-c", "set rbx \u0661\u0662").code()).isEqualTo(2);
    }
}
