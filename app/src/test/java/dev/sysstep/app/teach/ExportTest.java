package dev.sysstep.app.teach;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handouts, parsed: one section per phase passed, self-contained, escaped, facts from the reference. */
class ExportTest {
    @TempDir
    Path dir;

    @Test
    void htmlHasOneSectionPerPhaseAndFetchesNothing() throws Exception {
        Path out = dir.resolve("write.html");
        Cli.Result r = cli().run("export", "--format", "html", "-o", out.toString());
        assertThat(r.code()).isZero();
        Document d = Jsoup.parse(out.toFile());
        // the default 6.1 path with KPTI and PCID on Intel passes the phases `phases` lists
        int phases = cli().run("-q", "-c", "run; phases").out().lines()
                .filter(l -> l.matches("\\s+\\d+\\s+[a-z_]+\\..*")).toList().size();
        assertThat(d.select("section.phase")).hasSize(phases);
        assertThat(d.select("script, link, img, iframe, object, embed")).isEmpty();
        assertThat(d.select("[src], [href]")).isEmpty();
        assertThat(d.selectFirst("meta[name=viewport]")).isNotNull();
        assertThat(d.selectFirst("style").data()).contains("@media print");
        // kernel-entry.md §2.1: ax = -ENOSYS is pushed by PUSH_AND_CLEAR_REGS
        Element pushRegs = d.getElementById("entry.push_regs");
        assertThat(pushRegs).isNotNull();
        assertThat(pushRegs.select("table.diff tr.pushed").text()).contains("pt_regs->ax").contains("0xffffffffffffffda");
        assertThat(pushRegs.select("table.stack tr.rsp").text()).contains("r15");
        // §4.1: SYSCALL saves the return address, 0x401b29, in RCX
        assertThat(d.getElementById("user.syscall").select("table.diff").text()).contains("rcx").contains("0x0000000000401b29");
        Element checks = d.getElementById("exit.check.ss");
        assertThat(checks.select("table.checks tr.pass")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void slidesAreSectionsAndTextIsEscaped() throws Exception {
        Path s = dir.resolve("s.sysstep");
        Files.writeString(s, "echo \"<script>alert(1)</script> & more\"\nstep 2\n");
        Cli.Result r = cli().run("export", "--format", "html", s.toString());
        assertThat(r.code()).isZero();
        Document d = Jsoup.parse(r.out());
        assertThat(d.select("script")).isEmpty();
        assertThat(d.select("section.slide").text()).isEqualTo("<script>alert(1)</script> & more");
        assertThat(d.select("section.phase")).hasSize(2);
    }

    @Test
    void markdownHasAHeadingPerPhaseAndTables() {
        Cli.Result r = cli().run("export", "--format", "md", "lesson", "pt-regs");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("# struct pt\\_regs, push by push");
        assertThat(r.out()).contains("## `entry.push_orig_ax`").contains("| what | old | new | kind |")
                .contains("| `ffffc90000013fd0 pt_regs->orig_ax` | `0x0000000000000000` | `0x0000000000000001` | `pushed` |");
    }

    @Test
    void aScriptThatFailsWritesNothing() throws Exception {
        Path s = dir.resolve("bad.sysstep");
        Files.writeString(s, "step\nexpect rax == 2\n");
        Path out = dir.resolve("x.html");
        Cli.Result r = cli().run("export", "--format", "html", "-o", out.toString(), s.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(s + ":2: expect rax == 2 failed");
        assertThat(out).doesNotExist();
    }
}
