package dev.sysstep.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.Output;
import dev.sysstep.core.session.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, point 1: every view is laid out for the width it is given, and a value is never split
 * across lines; comments and source columns give way first, leading zeros only where the column
 * allows it.
 */
class WidthTest {
    /** A hex value, or a 16-digit address, as views print them. */
    private static final Pattern VALUE = Pattern.compile("0x[0-9a-f?]+|\\b[0-9a-f]{16}\\b");

    private static String run(String commands, int width) {
        StringWriter w = new StringWriter();
        PrintWriter pw = new PrintWriter(w);
        Interpreter in = new Interpreter(Session.defaults(), new Output(pw, pw, false, false, () -> width), null);
        in.runLine(commands, "");
        pw.flush();
        return w.toString();
    }

    private static Set<String> values(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = VALUE.matcher(text);
        while (m.find()) {
            out.add(m.group());
            out.add(Layout.compact(m.group()));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 60, 80, 100, 120})
    void aWholeRunWithEveryViewFitsTheWidthAndNoValueIsSplit(int width) {
        String commands = "run; back 60; regs all; stack 12; ptregs; msr; x/8gx $rsp; bt; phases; explain; list; "
                + "info frame; help; config";
        String wide = run(commands, 0);
        String narrow = run(commands, width);
        assertThat(narrow.lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(width));
        Set<String> whole = values(wide);
        Matcher m = VALUE.matcher(narrow);
        while (m.find()) {
            assertThat(whole).as("a value cut across lines at width %d: %s", width, m.group()).contains(m.group());
        }
    }

    @Test
    void at80AStackLineKeepsBothValuesWhole() {
        // the line that broke inside a hex value at 80 columns: "... 0x0000000" / "00000002b  pushed"
        String out = run("stepi 14", 80);
        String ss = out.lines().filter(l -> l.contains("pt_regs->ss") && l.contains("pushed")).findFirst().orElseThrow();
        assertThat(ss).contains("ffffc90000013ff8").contains("0x2b").endsWith("pushed");
        assertThat(ss.length()).isLessThanOrEqualTo(80);
    }

    @Test
    void commentsGiveWayBeforeValues() {
        List<Doc.Span> line = List.of(new Doc.Span("  ffffffff81c000a0  movq %gs:0x1fb50, %rsp", Style.CODE),
                new Doc.Span("    # PER_CPU_VAR(cpu_current_top_of_stack): the top of this task's stack",
                        Style.DIM, Doc.Fit.COMMENT, null));
        List<List<Doc.Span>> fitted = Layout.fit(line, 80);
        assertThat(fitted).hasSize(1);
        String text = String.join("", fitted.get(0).stream().map(Doc.Span::text).toList());
        assertThat(text).hasSize(80).startsWith("  ffffffff81c000a0  movq %gs:0x1fb50, %rsp    # PER_CPU_VAR").endsWith("...");
    }

    @Test
    void aTableRowWrapsUnderItsTextColumn() {
        Doc d = new Doc();
        d.line().add("  run [--no-break]").pad(27).hanging("Run on, stopping at breakpoints and watches as gdb's run "
                + "does; --no-break runs to the end past them.", Style.PLAIN);
        String out = new Renderer(false, () -> 60).render(d);
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.get(0)).startsWith("  run [--no-break]         Run on,");
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).startsWith(" ".repeat(27)).doesNotStartWith(
                " ".repeat(28)));
    }

    @Test
    void errorsStayOneLineWhateverTheWidth() {
        StringWriter w = new StringWriter();
        PrintWriter pw = new PrintWriter(w);
        Output out = new Output(pw, pw, false, false, () -> 40);
        String message = "cannot access memory at 0xffffc90000013f58: not mapped in the user page tables (KPTI)";
        out.error("demo.sysstep:12", message);
        pw.flush();
        assertThat(w.toString()).isEqualTo("demo.sysstep:12: " + message + "\n");
    }
}
