package dev.sysstep.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real program in a real terminal: tmux runs sysstep's REPL, the test types into it with
 * send-keys and reads the screen with capture-pane, colours included. Skipped where tmux is missing.
 */
class TmuxEndToEndTest {
    private static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    /** A server per test: a new session on the socket of a server that is still shutting down can die with it. */
    private final String socket = "sysstep-test-" + ProcessHandle.current().pid() + "-" + TESTS.incrementAndGet();
    private static final String ESC = "\u001b";

    @TempDir
    Path home;

    private static boolean tmuxAvailable() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** The screen, with colour escapes (-e), once it contains {@code text}; fails after 30 s. */
    private String waitFor(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-e", "-S", "-200", "-t", "sysstep");
            if (screen.replaceAll(ESC + "\\[[0-9;]*m", "").contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the screen never showed '" + text + "':\n" + screen);
    }

    @AfterEach
    void killServer() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    /** Starts the REPL in tmux, with {@code extra} environment (NAME=VALUE). */
    private void start(String... extra) throws IOException, InterruptedException {
        startSized(160, 50, extra);
    }

    private void startSized(int columns, int rows, String... extra) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path launcher = home.resolve("run.sh");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.sysstep.app.Main \"$@\"\n");
        launcher.toFile().setExecutable(true);
        List<String> cmd = new ArrayList<>(List.of("new-session", "-d", "-s", "sysstep", "-x", String.valueOf(columns),
                "-y", String.valueOf(rows),
                "env", "-u", "NO_COLOR", "TERM=xterm-256color", "HOME=" + home));
        cmd.addAll(List.of(extra));
        cmd.add(launcher.toString());
        tmux(cmd.toArray(String[]::new));
    }

    @Test
    void presentAt80By24GoesForwardBackToAPhaseAndRestoresTheScreen() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path launcher = home.resolve("present.sh");
        Files.writeString(launcher, "#!/bin/sh\n'" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.sysstep.app.Main present\necho \"present ended: $?\"\nsleep 30\n");
        launcher.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", "sysstep", "-x", "80", "-y", "24", "env", "-u", "NO_COLOR",
                "TERM=xterm-256color", "HOME=" + home, launcher.toString());
        String first = waitFor("user.prelude");
        assertThat(first).contains("[USER]").contains("CPL 3");
        tmux("send-keys", "-t", "sysstep", "Space");
        String second = waitFor("user.syscall");
        assertThat(second.replaceAll(ESC + "\\[[0-9;]*m", "")).contains("[ENTER]").contains("CPL 0");
        tmux("send-keys", "-t", "sysstep", "Left");
        waitFor("user.prelude");
        tmux("send-keys", "-t", "sysstep", "g");
        waitFor("go to");
        tmux("send-keys", "-t", "sysstep", "entry.push_regs", "Enter");
        String pushes = waitFor(">+r15"); // the goto line shows the id as typed: wait for the new screen
        String plain = pushes.replaceAll(ESC + "\\[[0-9;]*m", "");
        // kernel-entry.md §2.3: PUSH_AND_CLEAR_REGS ends with r15 at the lowest address, where RSP points
        assertThat(plain).contains(">+r15").contains("CR3: kernel page tables").contains("GS: per-CPU (kernel)");
        for (String line : plain.split("\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(80);
        }
        tmux("send-keys", "-t", "sysstep", "q");
        String after = waitFor("present ended: 0");
        assertThat(after).doesNotContain("entry.push_regs"); // the alternate screen is gone
    }

    @Test
    void ctrlCStopsARunningCommandAndKeepsTheKeysTypedAfterIt() throws Exception {
        // issue 9, finding 12: Ctrl-C ended the session, and keys typed right after it were lost
        assumeTrue(tmuxAvailable(), "tmux is not installed");
        for (int i = 1; i <= 4; i++) {
            Files.writeString(home.resolve("f" + i), ("source " + home.resolve("f" + (i + 1)) + "\n").repeat(100));
        }
        Files.writeString(home.resolve("f5"), "run; reset\n".repeat(100));
        start();
        waitFor("(sysstep)");
        tmux("send-keys", "-t", "sysstep", "abc");
        tmux("send-keys", "-t", "sysstep", "C-c", "where", "Enter");
        waitFor("step 0, CPL 3, next: user.prelude");
        tmux("send-keys", "-t", "sysstep", "source " + home.resolve("f1"), "Enter");
        Thread.sleep(700);
        tmux("send-keys", "-t", "sysstep", "C-c", "info breakpoints", "Enter");
        String screen = waitFor("interrupted; the session is at step");
        waitFor("no breakpoints or watches");
        assertThat(screen).doesNotContain("unknown command");
        assertThat(tmux("has-session", "-t", "sysstep")).isEmpty(); // the REPL is still there
    }

    @Test
    void aHistoryThatCannotBeUsedIsSaidOnceAndTheSessionGoesOn() throws Exception {
        // issue 9, finding 8: SYSSTEP_HISTORY=/ killed the REPL at the first command
        assumeTrue(tmuxAvailable(), "tmux is not installed");
        start("SYSSTEP_HISTORY=/");
        waitFor("history not saved: / is not a regular file");
        tmux("send-keys", "-t", "sysstep", "stepi", "Enter");
        waitFor("[1] user.prelude");
        tmux("send-keys", "-t", "sysstep", "where", "Enter");
        String screen = waitFor("step 1, CPL 3, next: user.prelude");
        assertThat(screen.split("history not saved", -1)).hasSize(2);
    }

    @Test
    void aStepInARealTerminalShowsTheDiffInColour() throws Exception {
        assumeTrue(tmuxAvailable(), "tmux is not installed");
        start();

        waitFor("(sysstep)");
        tmux("send-keys", "-t", "sysstep", "Enter");
        waitFor("[1-4] user.prelude");
        tmux("send-keys", "-t", "sysstep", "step", "Enter");
        String screen = waitFor("[5] user.syscall");
        // the diff of SYSCALL: RCX gets the return address, in colour, with the marker too
        assertThat(screen).contains(ESC + "[");
        String plain = screen.replaceAll(ESC + "\\[[0-9;]*m", "");
        assertThat(plain).contains("* rcx             0x0000000000000000 -> 0x0000000000401b29");
        assertThat(plain).contains("* cs              0x33 __USER_CS -> 0x10 __KERNEL_CS");

        tmux("send-keys", "-t", "sysstep", "back", "Enter");
        waitFor("< back");
        tmux("send-keys", "-t", "sysstep", "stpe", "Enter");
        waitFor("unknown command 'stpe' (did you mean 'step'?)");
        tmux("send-keys", "-t", "sysstep", "quit", "Enter");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && tmux("has-session", "-t", "sysstep").isEmpty()) {
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(home.resolve(".sysstep_history"))).containsExactly("step", "back", "stpe", "quit");
    }

    @Test
    void at80By24NoLineOfAWholeRunIsWiderThanTheTerminalAndTheStopIsInColour() throws Exception {
        // issue 11, points 1 and 4: every line broke inside a hex value at 80 columns
        assumeTrue(tmuxAvailable(), "tmux is not installed");
        startSized(80, 24);
        waitFor("(sysstep)");
        tmux("set-option", "-t", "sysstep", "history-limit", "5000");
        tmux("send-keys", "-t", "sysstep", "set verbose on", "Enter");
        tmux("send-keys", "-t", "sysstep", "run", "Enter");
        waitFor("back in user mode via SYSRET");
        // -J joins what the terminal wrapped: a line wider than 80 would come back whole
        String all = tmux("capture-pane", "-p", "-J", "-S", "-5000", "-t", "sysstep");
        List<String> lines = all.lines().toList();
        assertThat(lines).hasSizeGreaterThan(200); // the whole path, every phase in full
        assertThat(lines).allSatisfy(l -> assertThat(l.stripTrailing().length()).as(l).isLessThanOrEqualTo(80));

        tmux("send-keys", "-t", "sysstep", "reset", "Enter");
        waitFor("< reset");
        tmux("send-keys", "-t", "sysstep", "C-l");
        tmux("clear-history", "-t", "sysstep");
        tmux("send-keys", "-t", "sysstep", "set verbose off", "Enter");
        tmux("send-keys", "-t", "sysstep", "b exit.check.cs", "Enter");
        tmux("send-keys", "-t", "sysstep", "continue", "Enter");
        String screen = waitFor("stopped: breakpoint 1 (exit.check.cs)");
        String stop = screen.lines().filter(l -> l.contains("stopped: breakpoint 1")).findFirst().orElseThrow();
        assertThat(stop).contains(ESC + "[");
        // gdb's continue is quiet until it stops: a line per phase passed, not every instruction
        String plain = screen.replaceAll(ESC + "\\[[0-9;]*m", "");
        assertThat(plain).contains("entry.swapgs").doesNotContain("ffffffff81c00080  swapgs");
    }
}
