package dev.sysstep.app.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from the user reaches the terminal only escaped (issue 9, item 1): every message that echoes
 * input is fed ESC, BEL, an OSC title sequence, CSI (U+009B), DEL and CR, with colour off and on,
 * and no raw control character may come out. With colour on, the only escape sequences allowed are
 * the SGR colours sysstep writes itself.
 */
class HostileInputTest {
    static final String P = "\u001b]2;pwned\u0007\u009b2J\u007f\r\u001b[2J";
    /** Colour codes sysstep writes: ESC [ digits ; ... m */
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m");

    @TempDir
    Path dir;

    /** Every command whose error or output echoes what was typed. */
    static List<String> commands() {
        String q = "\"" + P.replace("\u001b", "\\x1b").replace("\u0007", "\\x07").replace("\u009b", "\\x9b")
                .replace("\u007f", "\\x7f").replace("\r", "\\r") + "\"";
        List<String> c = new ArrayList<>();
        for (String template : List.of("break %s", "break %s*", "%s", "stepi %s", "step %s", "backi %s", "goto %s",
                "x/%s 0", "x/4gx %s", "set rbx %s", "set rbx 1+%s", "set %s 1", "set ptregs.%s 1", "set *%s = 1",
                "config kernel %s", "config %s on", "config kpti %s", "program %s", "program write %s", "explain %s",
                "diff %s", "diff 0 %s", "source %s", "expect %s == 1", "expect rax %s 1", "watch %s", "delete %s",
                "info %s", "regs %s", "msr %s", "stack %s", "mem %s \"a\"", "mem 0 %s", "help %s", "open %s w",
                "open /tmp/x %s", "pipe %s 4", "echo %s", "terminal input %s", "where %s", "run %s", "reset %s",
                "phases %s", "frame %s", "list %s", "print %s", "display %s", "info registers %s", "x/s %s")) {
            c.add(String.format(template, P));
            c.add(String.format(template, q));
        }
        c.add("open " + q + " w; fds");
        c.add("open \"/x" + P + "\" w as 3; pipe 3 4");
        c.add("echo \"\\q\"");
        c.add("source /tmp/a\u0000b");
        return c;
    }

    static void assertNoRawControl(String text, boolean color, String what) {
        String t = color ? SGR.matcher(text).replaceAll("") : text;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            boolean control = (ch < 0x20 && ch != '\n') || ch == 0x7f || (ch >= 0x80 && ch <= 0x9f);
            assertThat(control).as("%s: raw U+%04X at %d in %s", what, (int) ch, i, t).isFalse();
        }
    }

    @Test
    void noMessageLetsAControlCharacterThrough() {
        for (String cmd : commands()) {
            for (String color : List.of("never", "always")) {
                Cli.Result r = Cli.cli().run("--color", color, "-c", cmd);
                assertThat(r.code()).as(cmd).isNotEqualTo(3);
                assertNoRawControl(r.out(), color.equals("always"), "stdout of " + cmd);
                assertNoRawControl(r.err(), color.equals("always"), "stderr of " + cmd);
                assertThat(r.out() + r.err()).as(cmd).doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
    }

    @Test
    void picocliMessagesAreEscapedToo() {
        for (String[] args : List.of(new String[] {"--kernel", P}, new String[] {"--cpu", P}, new String[] {"--" + P},
                new String[] {"--color", P}, new String[] {"trace", "--kernel", P}, new String[] {"explain", P},
                new String[] {P, "extra"})) {
            Cli.Result r = Cli.cli().run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertNoRawControl(r.out(), false, "stdout");
            assertNoRawControl(r.err(), false, "stderr");
        }
    }

    @Test
    void aScriptWithControlBytesAndBrokenUtf8IsShownEscaped() throws IOException {
        Path script = dir.resolve("evil.sysstep");
        byte[] bytes = ("break \u001b]2;x\u0007\nunknown\u009b\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBad = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withBad, 0, bytes.length);
        withBad[bytes.length] = (byte) 0xff;
        withBad[bytes.length + 1] = (byte) 0xc3;
        withBad[bytes.length + 2] = '\n';
        Files.write(script, withBad);
        Cli.Result r = Cli.cli().run(script.toString());
        assertThat(r.code()).isEqualTo(2);
        assertNoRawControl(r.out(), false, "stdout");
        assertNoRawControl(r.err(), false, "stderr");
        // every broken line is named, with the file and line
        assertThat(r.err()).contains("evil.sysstep:1:").contains("evil.sysstep:2:");
    }
}
