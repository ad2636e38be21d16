package dev.sysstep.app.cli;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of product.md §6: modes, options, exit codes and one-line errors. */
class CommandLineTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path dir;

    private static void oneLineNoTrace(Cli.Result r) {
        assertThat(r.err().lines()).as("one line on stderr: %s", r.err()).hasSizeLessThanOrEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void commandsRunAndSucceed() {
        Cli.Result r = cli().run("-c", "run; expect rax == 3; expect terminal == \"hi\\n\"");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("[124] user.next").contains("write(1, \"hi\\n\", 3) = 3");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aFailedExpectExitsOneAndSaysWhatWasExpected() {
        Cli.Result r = cli().run("-q", "-c", "run; expect rax == 4");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("-c: expect rax == 4 failed: rax is 0x3 (3), expected == 0x4 (4)\n");
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingIt() {
        Cli.Result r = cli().run("-c", "stpe");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("-c: unknown command 'stpe' (did you mean 'step'?)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aScriptFileRunsWithFileAndLineInMessages() throws IOException {
        Path script = dir.resolve("demo.sysstep");
        Files.writeString(script, "# demo\nstep\n\nset rxx 1\n");
        Cli.Result r = cli().run(script.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(script + ":4: unknown register 'rxx' (did you mean 'rax'?)\n");
    }

    @Test
    void aMissingScriptIsNamed() {
        Cli.Result r = cli().run(dir.resolve("nope.sysstep").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sysstep: cannot read script '" + dir.resolve("nope.sysstep") + "': no such file\n");
    }

    @Test
    void aDirectoryIsNotAScript() {
        Cli.Result r = cli().run(dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a directory");
        oneLineNoTrace(r);
    }

    @Test
    void aScriptFromStandardInput() {
        Cli.Result r = cli().stdin("program getpid\nrun\nexpect rax == 4242\n").run("-q", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).endsWith("getpid() = 4242\n");
    }

    @Test
    void withoutATerminalAndWithoutArgumentsStandardInputIsTheScript() {
        Cli.Result r = cli().stdin("run\nexpect exit == sysret\n").run("-q");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("write(1, \"hi\\n\", 3) = 3\n");
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli.Result unknown = cli().run("--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("sysstep: Unknown option: '--frobnicate'").contains("Try 'sysstep --help'");
        oneLineNoTrace(unknown);

        Cli.Result kernel = cli().run("--kernel", "4.19", "-c", "run");
        assertThat(kernel.code()).isEqualTo(2);
        assertThat(kernel.err()).contains("4.19");
        oneLineNoTrace(kernel);

        Cli.Result color = cli().run("--color=sometimes", "-c", "run");
        assertThat(color.code()).isEqualTo(2);
        assertThat(color.err()).contains("'sometimes' is not auto, always or never");
        oneLineNoTrace(color);

        Cli.Result phasesColor = cli().run("phases", "--color=sometimes");
        assertThat(phasesColor.code()).isEqualTo(2);
    }

    @Test
    void helpAndVersion() {
        Cli.Result help = cli().run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: sysstep").contains("--keep-going").contains("--trace=FILE")
                .contains("Exit codes:").contains("trace").doesNotContain(ESC);
        Cli.Result version = cli().run("-V");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("sysstep " + dev.sysstep.app.Version.VERSION + " ");
    }

    @Test
    void helpFollowsTheColourDecision() {
        assertThat(cli().env("CLICOLOR_FORCE", "1").run("--help").out()).contains(ESC);
        assertThat(cli().stdoutIsTerminal(true).run("--help").out()).contains(ESC);
        assertThat(cli().stdoutIsTerminal(true).env("NO_COLOR", "1").run("--help").out()).doesNotContain(ESC);
        assertThat(cli().stdoutIsTerminal(true).run("--color=never", "--help").out()).doesNotContain(ESC);
    }

    @Test
    void stepsAreColouredOnlyOnATerminal() {
        assertThat(cli().run("-c", "step").out()).doesNotContain(ESC).contains("* rax");
        assertThat(cli().stdoutIsTerminal(true).run("-c", "step").out()).contains(ESC);
        assertThat(cli().stdoutIsTerminal(true).env("TERM", "dumb").run("-c", "step").out()).doesNotContain(ESC);
        assertThat(cli().stdoutIsTerminal(true).env("NO_COLOR", "x").run("-c", "step").out()).doesNotContain(ESC);
        assertThat(cli().env("CLICOLOR_FORCE", "1").run("-c", "step").out()).contains(ESC);
        assertThat(cli().run("--color=always", "-c", "step").out()).contains(ESC);
    }

    @Test
    void theProgramCannotSendEscapeSequencesEvenWithColourOn() {
        Cli.Result r = cli().run("--color=always", "-c", "program write 1 \"\\x1b]0;owned\\x07\\x1b[2J\"; run; terminal");
        assertThat(r.code()).isZero();
        // every ESC the output holds starts a colour (SGR) sequence of our own
        assertThat(r.out().replaceAll("\u001b\\[[0-9;]*m", "")).doesNotContain(ESC).doesNotContain("\u0007");
        assertThat(r.out()).contains("\\33]0;owned\\7\\33[2J");
    }

    @Test
    void profileOptionsChooseThePath() {
        Cli.Result r = cli().run("--kernel", "5.14", "--no-kpti", "-q", "-c", "phases");
        assertThat(r.code()).isZero();
        // 5.14 calls through the table (reference §5.1); without PTI the CR3 switch is one jmp over it (§1.4)
        assertThat(r.out()).contains("sys_call_table[unr](regs)")
                .contains("      8  entry.switch_to_kernel_cr3").contains("      9  entry.load_kernel_stack");
        Cli.Result amd = cli().run("--cpu", "amd", "-q", "-c", "config");
        assertThat(amd.out()).contains("cpu          amd");
    }

    @Test
    void phasesAndExplainSubcommands() {
        Cli.Result phases = cli().run("phases");
        assertThat(phases.code()).isZero();
        assertThat(phases.out()).contains("entry.swapgs").contains("exit.sysretq");
        Cli.Result all = cli().run("phases", "--all");
        assertThat(all.out()).contains("iret.iretq");
        Cli.Result explain = cli().run("explain", "entry.swapgs");
        assertThat(explain.code()).isZero();
        assertThat(explain.out()).contains("swapgs").contains("entry_64.S");
        Cli.Result unknown = cli().run("explain", "entry.swapgz");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown phase 'entry.swapgz' (did you mean 'entry.swapgs'?)");
        oneLineNoTrace(unknown);
    }

    @Test
    void traceFileIsWrittenWholeAndAnUnwritablePlaceIsAnError() throws IOException {
        Path trace = dir.resolve("run.jsonl");
        Cli.Result r = cli().run("-q", "--trace", trace.toString(), "-c", "run");
        assertThat(r.code()).isZero();
        String text = Files.readString(trace, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"sysstep\":").contains("\"result\"");
        assertThat(dir.toFile().list()).containsExactly("run.jsonl");

        Cli.Result bad = cli().run("-q", "--trace", dir.resolve("no/such/dir/t.jsonl").toString(), "-c", "run");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("cannot write the trace");
        oneLineNoTrace(bad);
    }

    @Test
    void pauseDoesNotWaitWithoutATerminal() {
        Cli.Result r = cli().run("-c", "pause; echo after");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("after\n");
    }

    @Test
    void sourceRunsAnotherScriptAndRefusesEndlessNesting() throws IOException {
        Path inner = dir.resolve("inner.sysstep");
        Files.writeString(inner, "program getpid\nrun\n");
        Cli.Result r = cli().run("-q", "-c", "source " + inner + "; expect rax == 4242");
        assertThat(r.code()).isZero();
        Path loop = dir.resolve("loop.sysstep");
        Files.writeString(loop, "source " + loop + "\n");
        Cli.Result l = cli().run("-q", loop.toString());
        assertThat(l.code()).isEqualTo(2);
        assertThat(l.err()).contains("nested more than 16 deep");
    }

    @Test
    void hugeOrEndlessScriptsAreRefusedNotRead() throws IOException {
        Path big = dir.resolve("big.sysstep");
        Files.write(big, new byte[9 << 20]);
        Cli.Result r = cli().run(big.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("larger than 8 MiB");
        oneLineNoTrace(r);
    }

    @Test
    void countsAreBounded() {
        Cli.Result r = cli().run("-q", "-c", "step 100000; step 99999999999");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("between 1 and 100000");
    }

    // ------------------------------------------------------------ issue 11

    @Test
    void optionsBeforeASubcommandApplyToIt() {
        // point 11: `--kernel 7.0 phases --all` printed the 6.1 list
        Cli.Result phases = cli().run("--kernel", "7.0", "phases", "--all");
        assertThat(phases.code()).isZero();
        assertThat(phases.out()).contains("entry.endbr64"); // 7.0 starts with endbr64 (IBT); 6.1 does not
        assertThat(cli().run("phases", "--all").out()).doesNotContain("entry.endbr64");
        Cli.Result trace = cli().run("--kernel", "7.0", "trace", "-c", "run");
        assertThat(trace.out()).startsWith("{\"sysstep\"").contains("\"kernel\":\"7.0\"");
        Cli.Result explain = cli().run("--kernel", "7.0", "explain", "exit.check.ip_task_size");
        assertThat(explain.code()).isZero();
        assertThat(explain.out()).contains("ip < TASK_SIZE_MAX");
    }

    @Test
    void anOptionASubcommandDoesNotTakeIsRefusedNotIgnored() {
        Cli.Result r = cli().run("-q", "trace", "-c", "run");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sysstep: option '--quiet' does not apply to 'trace'");
    }

    @Test
    void pauseWithoutATerminalPrintsItsTextAndGoesOn() throws IOException {
        Path script = dir.resolve("pause.sysstep");
        Files.writeString(script, "pause look at RCX now\nprogram getpid\nrun\nexpect rax == 4242\n");
        Cli.Result r = cli().run(script.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("look at RCX now\n");
    }

    @Test
    void interactiveNeedsATerminal() throws IOException {
        Path script = dir.resolve("i.sysstep");
        Files.writeString(script, "run\n");
        Cli.Result r = cli().run("-i", script.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("sysstep: -i needs a terminal on standard input (the REPL reads from it)\n");
    }

    @Test
    void anUnknownThemeIsAUsageError() {
        Cli.Result r = cli().run("--theme", "sepia", "-c", "run");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("sysstep: unknown theme 'sepia' (dark, light, high-contrast)");
        Cli.Result env = cli().env("SYSSTEP_THEME", "sepia").run("-c", "run");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains("in SYSSTEP_THEME");
    }

    @Test
    void quietShowsTheResultOnceInOrderWithTheErrors() {
        // point 10: the result came after the errors that followed it, and `result` printed it twice
        Cli.Result r = cli().run("-q", "--width", "200", "--keep-going", "-c", "run; result; step");
        assertThat(r.out()).isEqualTo("write(1, \"hi\\n\", 3) = 3\n  sysret: back in user mode via SYSRET; the program "
                + "continues at 0x401b2c (not simulated further)\n");
    }
}
