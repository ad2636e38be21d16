package dev.sysstep.app.teach;

import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.code.Stage;
import java.util.List;

/**
 * The pictures of a frame as text: the strip of where the run stands on the whole path, the kernel
 * stack with pt_regs filling slot by slot, the trampoline stack and the TSS slots, and the SYSRET
 * checks as a checklist. Every mark is a character as well as a colour ({@code >} RSP, {@code +}
 * pushed by this phase, {@code .} not yet written by this entry, {@code ok}/{@code FAIL}), so a
 * projector that loses the colours loses nothing.
 */
public final class Diagram {
    private Diagram() {
    }

    /** The stages of the path, in order; the user program appears before the entry and after the return. */
    private static final List<Stage> PATH = List.of(Stage.USER, Stage.ENTRY_INSTRUCTION, Stage.ENTRY, Stage.DISPATCH,
            Stage.HANDLER, Stage.EXIT_CHECKS, Stage.EXIT, Stage.RETURN_INSTRUCTION, Stage.USER);
    private static final List<String> SHORT = List.of("user", "enter", "entry", "dispatch", "handler", "checks", "exit",
            "return", "user");

    /** Two lines: the path with the current stage marked, then the CPL, page tables, GS base and step. */
    public static Doc strip(Frame f, int width) {
        Frame.Strip s = f.strip();
        int current = PATH.indexOf(s.stage());
        if (s.stage() == Stage.USER && s.position() > 1 && s.cpl() == 3 && s.position() >= s.end() - 1) {
            current = PATH.size() - 1; // the program again, after the return
        }
        boolean wide = width >= 100;
        Doc d = new Doc();
        Doc.Line l = d.line();
        for (int i = 0; i < PATH.size(); i++) {
            String name = wide ? PATH.get(i).label() : SHORT.get(i);
            if (i > 0) {
                l.add(wide ? " > " : ">", Style.DIM);
            }
            if (i == current) {
                l.add("[" + name.toUpperCase(java.util.Locale.ROOT) + "]", Style.CURRENT);
            } else {
                l.add(name, Style.DIM);
            }
        }
        d.line().add("CPL " + s.cpl(), s.cpl() == 0 ? Style.CHANGED : Style.PLAIN).add("  |  ", Style.DIM)
                .add("CR3: " + s.pageTables(), Style.PLAIN).add("  |  ", Style.DIM)
                .add("GS: " + s.gsBase(), Style.PLAIN).add("  |  ", Style.DIM)
                .add("step " + s.position() + "/" + s.end(), Style.DIM);
        return d;
    }

    /** The kernel stack in full: one line per pt_regs slot, highest address first, RSP marked. */
    public static Doc stack(StackPicture p) {
        Doc d = new Doc();
        d.line().add("kernel stack: struct pt_regs", Style.HEADER).add("  (" + p.rspAt().beside() + ")", Style.DIM);
        d.line().add("  + pushed by this phase, . not yet written by this entry", Style.DIM);
        for (StackPicture.Slot s : p.ptRegs()) {
            slot(d, s, String.format("%-8s", s.name()));
        }
        trampoline(d, p);
        return d;
    }

    private static void slot(Doc d, StackPicture.Slot s, String name) {
        Doc.Line l = d.line();
        l.add(s.rspHere() ? "RSP> " : "     ", Style.CURRENT);
        l.add(String.format("%012x ", s.address() & 0xffff_ffff_ffffL), Style.ADDRESS);
        l.add(name + " ", Style.LABEL);
        if (!s.written()) {
            l.add(".  " + String.format("%016x", s.value()), Style.DIM);
        } else {
            l.add((s.justWritten() ? "+  " : "   ") + String.format("%016x", s.value()),
                    s.justWritten() ? Style.PUSHED : Style.NEW);
        }
    }

    private static void trampoline(Doc d, StackPicture p) {
        if (!p.trampoline().isEmpty()) {
            d.line().add("trampoline stack (TSS.sp0 = " + String.format("%016x", p.tssSp0()) + ")", Style.HEADER);
            for (StackPicture.Slot s : p.trampoline()) {
                slot(d, s, String.format("%-8s", shortLabel(s.name())));
            }
        }
        d.line().add("TSS.sp0 ", Style.LABEL).add(String.format("%016x", p.tssSp0()), Style.PLAIN)
                .add("  TSS.sp2 ", Style.LABEL).add(String.format("%016x", p.tssSp2()), Style.PLAIN);
    }

    /**
     * The stack in a few lines for a small screen: the 21 slots as a grid of names, each marked
     * {@code +} (pushed by this phase), {@code #} (written by this entry) or {@code .} (not yet),
     * with {@code >} where RSP points.
     */
    public static Doc compactStack(StackPicture p, int width) {
        Doc d = new Doc();
        d.line().add("pt_regs ", Style.HEADER).add("(+ pushed now, # written, . not yet; " + p.rspAt().beside() + ")", Style.DIM);
        int cell = 10;
        int perLine = Math.max(1, (width - 2) / cell);
        Doc.Line l = null;
        int i = 0;
        for (StackPicture.Slot s : p.ptRegs()) {
            if (i++ % perLine == 0) {
                l = d.line().add(" ");
            }
            String mark = s.rspHere() ? ">" : " ";
            String state = s.justWritten() ? "+" : s.written() ? "#" : ".";
            l.add(mark, Style.CURRENT).add(state, s.justWritten() ? Style.PUSHED : s.written() ? Style.NEW : Style.DIM)
                    .add(String.format("%-8s", s.name()), s.written() ? Style.LABEL : Style.DIM);
        }
        if (!p.trampoline().isEmpty()) {
            Doc.Line t = d.line().add("trampoline: ", Style.HEADER);
            for (StackPicture.Slot s : p.trampoline()) {
                t.add((s.rspHere() ? ">" : "") + shortLabel(s.name()) + " ", s.justWritten() ? Style.PUSHED : Style.NEW);
            }
        }
        return d;
    }

    private static String shortLabel(String label) {
        String l = label == null || label.isEmpty() ? "?" : label;
        int colon = l.indexOf(": ");
        return colon >= 0 ? l.substring(colon + 2) : l;
    }

    /** The SYSRET checks run so far, one a line: ok or FAIL, and where a failure sends the run. */
    public static Doc checklist(List<Frame.CheckMark> checks) {
        Doc d = new Doc();
        if (checks.isEmpty()) {
            return d;
        }
        d.line().add("SYSRET checks", Style.HEADER);
        for (Frame.CheckMark c : checks) {
            d.line().add(c.passed() ? "  [ok]   " : "  [FAIL] ", c.passed() ? Style.PASS : Style.FAIL)
                    .add(c.id(), Style.LABEL);
        }
        return d;
    }
}
