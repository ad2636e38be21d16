package dev.sysstep.app.teach;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** sysstep grade over passing, failing and hostile scripts, with the JUnit XML parsed. */
class GradeTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void gradesEachScriptInItsOwnSessionAndWritesJunit() throws Exception {
        // §4.1: RCX = 0x401b29 after SYSCALL; §6: write returns the count, 3
        Path good = write("good.sysstep", "config kernel 5.14\nset rflags |= TF\nstep 2\nexpect rcx == 0x401b29\n"
                + "run\nexpect rax == 3\n");
        // the config and the TF edit above must not reach this script: on 6.1 without TF the exit is SYSRET
        Path isolated = write("isolated.sysstep", "run\nexpect exit == sysret\n");
        Path bad = write("bad.sysstep", "step 2\nexpect rcx == 0x401b27\nexpect r11 == 0x246\n");
        Path loop = write("loop.sysstep", "source loop.sysstep\n");
        Path flood = write("flood.sysstep", "step; back; ".repeat(200) + "\n" + "reset; run\n".repeat(3000));
        Path unparsable = write("unparsable.sysstep", "frobnicate\n");
        Path junit = dir.resolve("out/report.xml");
        Files.createDirectories(junit.getParent());
        Cli.Result r = cli().run("grade", "--max-commands", "5000", "--junit", junit.toString(), good.toString(),
                isolated.toString(), bad.toString(), loop.toString(), flood.toString(), unparsable.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("pass  " + good).contains("pass  " + isolated)
                .contains("FAIL  " + bad + ":2: expect rcx == 0x401b27 failed")
                .contains("FAIL  " + unparsable + ":1:")
                .contains("2 of 6 scripts passed");
        assertThat(r.out().lines().filter(l -> l.startsWith("FAIL")).count()).isEqualTo(4);

        Document x = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList suites = x.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(6);
        Element badSuite = (Element) suites.item(2);
        assertThat(badSuite.getAttribute("tests")).isEqualTo("2");
        assertThat(badSuite.getAttribute("failures")).isEqualTo("1");
        assertThat(badSuite.getElementsByTagName("failure").getLength()).isEqualTo(1);
        Element goodSuite = (Element) suites.item(0);
        assertThat(goodSuite.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(((Element) suites.item(3)).getElementsByTagName("error").getLength()).isEqualTo(1);
    }

    @Test
    void allPassingExitsZero() throws Exception {
        Path good = write("good.sysstep", "run\nexpect rax == 3\n");
        assertThat(cli().run("grade", good.toString()).code()).isZero();
    }
}
