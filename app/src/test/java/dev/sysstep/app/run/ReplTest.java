package dev.sysstep.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL driven through JLine's dumb terminal over streams: what a user types, what they see. */
class ReplTest {
    @TempDir
    Path home;

    private record Run(String screen, Session session, int code) {
    }

    private Run type(String keys) throws IOException {
        return type(keys, home.resolve(".sysstep_history"));
    }

    private Run type(String keys, Path history) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Session session = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        int code;
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen)) {
            Output out = new Output(t.writer(), t.writer(), false, false);
            Interpreter in = new Interpreter(session, out, null);
            in.setVerbose(false); // as sysstep starts its REPL without -v
            code = new Repl(in, out, t, new HistoryStore(history)).run();
        }
        return new Run(screen.toString(StandardCharsets.UTF_8), session, code);
    }

    @Test
    void bannerSaysWhereItStandsAndHowToGetHelp() throws IOException {
        Run r = type("");
        assertThat(r.screen()).contains("Linux 6.1.158 profile, KPTI on, PCID on, intel")
                .contains("program: write(1, msg, 3)").contains("`help`").contains("step 0, CPL 3, next: user.prelude");
        assertThat(r.code()).isZero();
    }

    @Test
    void enterStepsAndRepeatsTheLastStepCommand() throws IOException {
        Run r = type("\nsi 2\n\n\n");
        // Enter alone steps one phase (4 prelude MOVs), then `si 2` runs twice more on Enter: 4 + 2 + 2 + 2
        assertThat(r.session().position()).isEqualTo(10);
        assertThat(r.screen()).contains("[1-4] user.prelude").contains("[5] user.syscall").contains("[6] entry.swapgs");
    }

    @Test
    void backRestoresTheStateExactly() throws IOException {
        Run r = type("step 9\nback 4\n");
        Session fresh = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        fresh.step(5);
        // the same position as a session that only ever went forward: every field and every byte of memory
        assertThat(r.session().position()).isEqualTo(fresh.position());
        assertThat(r.session().state().cpu()).isEqualTo(fresh.state().cpu());
        assertThat(r.session().state().process()).isEqualTo(fresh.state().process());
        assertThat(r.session().state().locals()).isEqualTo(fresh.state().locals());
        assertThat(r.session().state().next()).isEqualTo(fresh.state().next());
        assertThat(r.session().memory().nonZeroBytes()).isEqualTo(fresh.memory().nonZeroBytes());
        assertThat(r.screen()).contains("< back");
    }

    @Test
    void errorsAreOneLineAndTheSessionGoesOn() throws IOException {
        Run r = type("stpe\nset rxx 1\nx/8qx $rsp\ngoto nowhere\nstep\n");
        assertThat(r.screen()).contains("unknown command 'stpe' (did you mean 'step'?)")
                .contains("unknown register 'rxx' (did you mean 'rax'?)")
                .contains("x: unknown format letter 'q'")
                .contains("unknown phase 'nowhere'")
                .doesNotContain("Exception");
        assertThat(r.session().position()).isEqualTo(4);
    }

    @Test
    void quitAndEndOfInputEndTheSession() throws IOException {
        Run quit = type("step\nquit\nstep\n");
        assertThat(quit.session().position()).isEqualTo(4);
        assertThat(quit.code()).isZero();
        Run eof = type("step");
        assertThat(eof.code()).isZero();
    }

    @Test
    void historyIsSavedWholeAndLoadedNextTime() throws IOException {
        Path history = home.resolve("hist");
        type("step\nregs\n\nback\n", history);
        assertThat(Files.readAllLines(history)).containsExactly("step", "regs", "back");
        assertThat(Files.list(home)).extracting(p -> p.getFileName().toString()).containsExactly("hist");
        type("where\n", history);
        assertThat(Files.readAllLines(history)).containsExactly("step", "regs", "back", "where");
    }

    @Test
    void anUnwritableHistoryIsReportedOnceAndTheSessionGoesOn() throws IOException {
        Path blocker = home.resolve("file");
        Files.writeString(blocker, "not a directory");
        Run r = type("step\nstep\n", blocker.resolve("hist"));
        assertThat(r.session().position()).isEqualTo(5);
        assertThat(r.screen().split("history not saved", -1)).hasSize(2);
    }

    @Test
    void completionOffersCommandsRegistersFieldsPhasesAndVersions() {
        Session s = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        SysstepCompleter c = new SysstepCompleter(s);
        assertThat(c.options(List.of("st"), 0)).contains("step", "stepi", "stack", "s", "si");
        assertThat(c.options(List.of("set", ""), 1)).contains("rax", "r11", "rflags", "kernel_gs_base", "lstar",
                "ptregs.ip", "ptregs.orig_ax");
        assertThat(c.options(List.of("break", ""), 1)).contains("entry.swapgs", "exit.check.rcx_eq_rip", "c.vfs_write");
        assertThat(c.options(List.of("config", "kernel", ""), 2)).containsExactly("5.14", "6.1", "6.12", "7.0");
        assertThat(c.options(List.of("msr", ""), 1)).contains("star", "lstar", "efer");
    }

    @Test
    void pauseUnderSourceWaitsForEnterInTheRepl() throws IOException {
        // issue 11, point 8: under source in the REPL, pause was skipped and its text never printed
        Path script = home.resolve("paused.sysstep");
        java.nio.file.Files.writeString(script, "pause look at the stack\nstepi\n");
        // the line after `source` answers the pause; the script then runs its stepi, then `stepi 2` is typed
        Run r = type("source " + script + "\n\nstepi 2\n");
        assertThat(r.screen()).contains("look at the stack  -- press Enter --");
        assertThat(r.session().position()).isEqualTo(3);
    }

    @Test
    void aMotionOverSeveralPhasesIsALinePerPhaseAndTheNetChange() throws IOException {
        // issue 11, point 4: gdb's continue is quiet until it stops
        Run r = type("break exit.check.cs\ncontinue\n");
        assertThat(r.screen()).contains("  > [6] entry.swapgs").contains("net change, step 0 -> 75")
                .contains("stopped: breakpoint 1 (exit.check.cs)").doesNotContain("ffffffff81c00080  swapgs");
    }

    @Test
    void atTheEndOfThePathAMotionSaysSo() throws IOException {
        Run r = type("run\nstep\nsi\nnext\ncontinue\n\n");
        assertThat(r.screen().split("the path has ended \\(sysret at step 124\\); back, goto or reset", -1)).hasSize(6);
    }
}
