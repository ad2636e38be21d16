package dev.sysstep.app.teach;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ask and sysstep quiz --answers, against the values the reference gives (kernel-entry.md). */
class QuizTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void rightAnswersScoreFullAndExitZero() throws Exception {
        // before the first step the quiz asks about user.prelude's first change (RAX = 1, the number
        // of write, §7); §4.1: SYSCALL puts the next RIP in RCX (0x401b27 + 2) and RFLAGS in R11
        Path s = write("q.sysstep", "step\nask rcx \"RCX after syscall?\"\nask r11\nstep\n");
        Path a = write("answers", "1\n0x401b29\n0x246\n");
        Cli.Result r = cli().run("quiz", "--answers", a.toString(), s.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("score: 3 of 3 right");
        assertThat(r.code()).isZero();
    }

    @Test
    void aWrongAnswerIsPrintedWithItsLineAndExitsOne() throws Exception {
        Path s = write("q.sysstep", "step\nask rcx \"RCX after syscall?\"\nstep\n");
        Path a = write("answers", "1\n0x401b27\n");
        Cli.Result r = cli().run("quiz", "--answers", a.toString(), s.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains(s + ":2: asked rcx (RCX after syscall?), answered 0x401b27, was 0x401b29")
                .contains("score: 1 of 2 right");
    }

    @Test
    void theQuizAsksByItselfBeforePhasesThatChangeState() throws Exception {
        // with no script the default path runs phase by phase; entry.swapgs changes the GS base
        // (§4.3: the per-CPU base 0xffff88800f800000 of observed 6.1), entry.load_kernel_stack RSP
        Path a = write("answers", "");
        Cli.Result r = cli().run("quiz", "--answers", a.toString());
        assertThat(r.code()).isEqualTo(1); // nothing answered
        assertThat(r.out()).contains("quiz:3: asked gs_base (after entry.swapgs, GS_BASE = ?), answered nothing, "
                + "was 0xffff88800f800000");
        assertThat(r.out()).contains("asked rsp (after entry.load_kernel_stack, RSP = ?)");
    }

    @Test
    void anErrnoNameIsAnAnswer() throws Exception {
        // an errno name is an answer too (§3.8: EBADF for an fd that is not open)
        // (the script's question comes before the quiz's own about each phase of the run)
        Path s = write("q.sysstep", "program write 9 \"hi\\n\" 3\nask errno \"how does it end?\"\nrun\n");
        Path a = write("answers", "EBADF\n");
        Cli.Result r = cli().run("quiz", "--answers", a.toString(), s.toString());
        assertThat(r.out()).doesNotContain("asked errno").contains("asked rsp (after entry.load_kernel_stack");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void askIsCheckedWhenTheScriptIsParsed() throws Exception {
        Path s = write("q.sysstep", "step\nask nosuchreg \"?\"\n");
        Cli.Result r = cli().run(s.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(s + ":2:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void withoutATerminalOrAnswersAScriptTellsQuestionAndValue() {
        Cli.Result r = cli().run("-c", "step; ask rcx \"RCX?\"; step");
        assertThat(r.out()).contains("? RCX?").contains("= rcx is 0x401b29  (no answer)").contains("why: user.syscall:");
    }

    @Test
    void quizNeedsATerminalOrAnswers() {
        Cli.Result r = cli().run("quiz");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--answers");
    }
}
