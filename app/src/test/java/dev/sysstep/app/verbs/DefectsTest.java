package dev.sysstep.app.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import org.junit.jupiter.api.Test;

/** Regressions for the defects issue 7 found in the app (item 6), through the real command line. */
class DefectsTest {

    @Test
    void msrLstarNamesTheSymbolAtItsValueOrNothing() {
        Cli.Result before = Cli.cli().run("-c", "msr lstar");
        assertThat(before.out()).contains("0xffffffff81c00080  entry_SYSCALL_64");
        Cli.Result after = Cli.cli().run("-q", "-c", "set lstar 0x1234; msr lstar");
        assertThat(after.out()).contains("0x0000000000001234").doesNotContain("entry_SYSCALL_64");
    }

    @Test
    void taskSizeMaxInExpressionsFollowsThePagingMode() {
        // reference §3.7: 0x00007ffffffff000 with 4-level paging, 0x00fffffffffff000 with 5-level
        assertThat(Cli.cli().run("-c", "expect TASK_SIZE_MAX == 0x7ffffffff000").code()).isZero();
        assertThat(Cli.cli().run("-q", "-c", "config la57 on; expect TASK_SIZE_MAX == 0xfffffffffff000").code())
                .isZero();
    }

    @Test
    void fmaskNamesTheIoplBitsItClears() {
        // FMASK 0x257fd5 clears IOPL (reference §3.3): it does not set IOPL to 3
        assertThat(Cli.cli().run("-c", "msr fmask").out()).contains("IOPL (bits 12-13)").doesNotContain("iopl=3");
    }

    @Test
    void theSysretGpScriptEmulatesAKernelWithoutTheCheckAndNamesLinuxsOwnCve() throws java.io.IOException {
        // issue 8, B7: the kernels hit by CVE-2012-0217 had no such check; Linux's case was CVE-2006-0744
        String script = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/scripts/sysret-gp.sysstep"));
        assertThat(script).doesNotContain("as an attacker in CVE-2012-0217 made the kernel do")
                .contains("emulates a kernel without").contains("CVE-2006-0744");
    }

    @Test
    void everyProfileIsOfferedWithoutAListWrittenByHand() {
        // the versions come from the core: adding 6.12 needed nothing in the app (issue 7, item 3)
        assertThat(Cli.cli().run("--help").out()).contains("5.14, 6.1, 6.12, 7.0");
        assertThat(Cli.cli().run("-c", "config kernel 6.12; run").out()).contains("Linux 6.12.107");
    }
}
