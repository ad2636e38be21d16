package dev.sysstep.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Program bytes are escaped as strace escapes them, so none reaches the terminal as a control. */
class EscapeTest {

    private static String q(String s) {
        return Escape.quoted(s.getBytes(StandardCharsets.ISO_8859_1), 32);
    }

    @Test
    void cEscapesForTheCommonControls() {
        assertThat(q("hi\n")).isEqualTo("\"hi\\n\"");
        assertThat(q("\t\r\u000b\f")).isEqualTo("\"\\t\\r\\v\\f\"");
        assertThat(q("\"\\")).isEqualTo("\"\\\"\\\\\"");
    }

    @Test
    void octalForEverythingElseOutsidePrintableAscii() {
        assertThat(q("\u001b[2J")).isEqualTo("\"\\33[2J\"");
        assertThat(q("\u0007")).isEqualTo("\"\\7\"");
        assertThat(q("\u00ff")).isEqualTo("\"\\377\"");
        assertThat(q("\u0000")).isEqualTo("\"\\0\"");
        // a digit after an escape forces three octal digits, as strace does: \0 then 1 would read as \01
        assertThat(q("\u00001")).isEqualTo("\"\\0001\"");
    }

    @Test
    void longStringsAreCutLikeStrace() {
        byte[] forty = new byte[40];
        java.util.Arrays.fill(forty, (byte) 'a');
        assertThat(Escape.quoted(forty, 32)).isEqualTo("\"" + "a".repeat(32) + "\"...");
    }

    @Test
    void userTextInMessagesLosesItsControls() {
        assertThat(Escape.text("rxx\u001b[31m")).isEqualTo("rxx\\x1b[31m");
        assertThat(Escape.text("\u009b")).isEqualTo("\\x9b");
    }
}
