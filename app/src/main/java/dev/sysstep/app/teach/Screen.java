package dev.sysstep.app.teach;

import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Renderer;
import dev.sysstep.app.view.StepView;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One screen of {@code present}, laid out for a terminal of a given size: the strip, the title, the
 * phase's instructions and changes, and the diagram of the stack (beside them when the terminal is
 * wide enough, below them otherwise, as a grid on a small screen), and the checklist on the exit.
 * Pure: the same frame and size give the same lines, which is what the tests and the benchmark see.
 */
public final class Screen {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    /** From this width the full stack diagram stands beside the phase. */
    static final int SIDE_BY_SIDE = 120;
    /** The full diagram's width. */
    private static final int DIAGRAM_WIDTH = 52;

    private Screen() {
    }

    /** What the screen is showing besides the frame: the explanation, the source, or help. */
    public enum Overlay { NONE, EXPLANATION, SOURCE, HELP }

    /** The screen's lines, at most {@code height}, none wider than {@code width}. */
    public static List<String> render(Frame f, int index, int total, int width, int height, Overlay overlay,
                                      Renderer style) {
        List<String> out = new ArrayList<>();
        int bodyRows = height - 1; // the last row is the key line
        if (f.isSlide()) {
            Doc d = new Doc();
            d.line().add(f.pause() ? "-- pause --" : "", Style.DIM);
            d.blank();
            for (String line : f.slide().split("\n", -1)) {
                d.line().prose(line, Style.TITLE);
            }
            out.addAll(lines(d, width, style));
        } else if (overlay == Overlay.HELP) {
            out.addAll(lines(help(), width, style));
        } else {
            out.addAll(lines(Diagram.strip(f, width), width, style));
            Doc title = new Doc();
            title.line().add(" " + f.run().phase().id() + " ", Style.CURRENT).add("  " + f.run().phase().title(), Style.TITLE);
            out.addAll(lines(title, width, style));
            out.add(style.render(Doc.of("=".repeat(Math.max(1, width)), Style.DIM)).stripTrailing());
            out.addAll(body(f, width, bodyRows - out.size(), overlay, style));
        }
        while (out.size() > bodyRows) {
            out.remove(out.size() - 1);
        }
        while (out.size() < bodyRows) {
            out.add("");
        }
        out.add(keyLine(index, total, width, style));
        return out;
    }

    private static List<String> body(Frame f, int width, int rows, Overlay overlay, Renderer style) {
        Doc main = overlay == Overlay.EXPLANATION ? Views.explain(f.run().phase())
                : overlay == Overlay.SOURCE ? Views.source(f.run().phase()) : phase(f);
        Doc checks = Diagram.checklist(f.checks());
        if (width >= SIDE_BY_SIDE) {
            int left = width - DIAGRAM_WIDTH - 2;
            Doc right = Diagram.stack(f.stack());
            if (!checks.isEmpty()) {
                right.append(checks);
            }
            return beside(lines(main, left, style), left, lines(right, DIAGRAM_WIDTH, style), rows);
        }
        List<String> below = new ArrayList<>(lines(Diagram.compactStack(f.stack(), width), width, style));
        below.addAll(lines(checks, width, style));
        List<String> top = lines(main, width, style);
        int room = Math.max(3, rows - below.size() - 1);
        List<String> out = new ArrayList<>(top.subList(0, Math.min(room, top.size())));
        if (top.size() > room) {
            out.set(out.size() - 1, style.render(Doc.of("  ... " + (top.size() - room + 1)
                    + " more lines: e explains, a larger terminal shows all", Style.DIM)).stripTrailing());
        }
        while (out.size() < rows - below.size()) {
            out.add("");
        }
        out.addAll(below);
        return out;
    }

    /** The phase as the REPL shows it, without its header (the title says it). */
    private static Doc phase(Frame f) {
        Doc block = StepView.block(f.run().report(), f.run());
        Doc d = new Doc();
        List<List<Doc.Span>> all = block.lines();
        for (int i = 1; i < all.size(); i++) {
            Doc.Line l = d.line();
            for (Doc.Span s : all.get(i)) {
                l.add(s.text(), s.style());
            }
        }
        return d;
    }

    private static List<String> beside(List<String> left, int leftWidth, List<String> right, int rows) {
        List<String> out = new ArrayList<>();
        int n = Math.min(rows, Math.max(left.size(), right.size()));
        for (int i = 0; i < n; i++) {
            String l = i < left.size() ? left.get(i) : "";
            String r = i < right.size() ? right.get(i) : "";
            out.add(l + " ".repeat(Math.max(0, leftWidth - visible(l) + 2)) + r);
        }
        return out;
    }

    static int visible(String s) {
        return ANSI.matcher(s).replaceAll("").length();
    }

    private static List<String> lines(Doc d, int width, Renderer style) {
        if (d.isEmpty()) {
            return List.of();
        }
        Renderer r = new Renderer(style.color(), style.theme(), () -> width);
        String text = r.render(d);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            out.add(line);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static String keyLine(int index, int total, int width, Renderer style) {
        String keys = width >= 100 ? "Space/Enter/-> next  <-/Backspace back  g goto  e explain  s source  ? help  q quit"
                : "Spc next  <- back  g goto  e explain  s source  ? help  q quit";
        String where = (index + 1) + "/" + total + "  ";
        String text = where + keys;
        if (text.length() > width) {
            text = text.substring(0, width);
        }
        return style.render(Doc.of(text, Style.DIM)).stripTrailing();
    }

    static Doc help() {
        Doc d = new Doc();
        d.line().add("sysstep present: one phase per screen", Style.TITLE);
        d.blank();
        String[][] keys = {{"Space, Enter, ->, l, n", "next phase (or slide)"}, {"<-, Backspace, h, p", "back"},
            {"g", "go to a phase id or a step number (Tab completes)"}, {"e", "the full explanation (again: back)"},
            {"s", "the source reference (again: back)"}, {"Home / End", "first / last screen"}, {"?", "this help"},
            {"q, Ctrl-C", "quit (the terminal is restored)"}};
        for (String[] k : keys) {
            d.line().add(String.format("  %-24s", k[0]), Style.LABEL).add(k[1], Style.PLAIN);
        }
        d.blank();
        d.line().prose("The strip shows where the run stands on the whole path, with the CPL, which page tables CR3 "
                + "selects and whose GS base is live. The diagram marks RSP with > and each pt_regs slot with + "
                + "(pushed by this phase), # (written by this entry) or . (not yet written).", Style.PLAIN);
        return d;
    }
}
