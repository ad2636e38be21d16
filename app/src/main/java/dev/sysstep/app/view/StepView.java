package dev.sysstep.app.view;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.Motion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a step prints (product.md §4): header, instructions, and only what changed, old → new. */
public final class StepView {
    private StepView() {
    }

    /** A run of consecutive instructions of one phase: positions {@code from} (before) to {@code to} (after). */
    public record Group(int from, int to, Phase phase) {
    }

    /** Splits the executed instructions between two positions into phase runs. */
    public static List<Group> groups(Session s, int from, int to) {
        List<Group> out = new ArrayList<>();
        int start = from;
        for (int p = from + 1; p <= to; p++) {
            Step st = s.stepAt(p);
            boolean last = p == to;
            Step next = last ? null : s.stepAt(p + 1);
            boolean ends = last || next.location().insn() == 0 || next.location().phase() != st.location().phase();
            if (ends) {
                out.add(new Group(start, p, st.phase()));
                start = p;
            }
        }
        return out;
    }

    /** Full blocks for every phase run of a forward motion. */
    public static Doc forward(Session s, Motion m) {
        Doc d = new Doc();
        for (Group g : groups(s, m.from(), m.to())) {
            d.append(block(s, g));
        }
        return d.append(ending(s, m));
    }

    /** The first run in full, the deeper ones (the called C code) as one line each plus their combined changes. */
    public static Doc overCalls(Session s, Motion m, boolean firstInFull) {
        Doc d = new Doc();
        List<Group> gs = groups(s, m.from(), m.to());
        int compactFrom = -1;
        int compactTo = -1;
        for (int i = 0; i < gs.size(); i++) {
            Group g = gs.get(i);
            if (i == 0 && firstInFull) {
                d.append(block(s, g));
                continue;
            }
            if (compactFrom < 0) {
                compactFrom = g.from();
            }
            compactTo = g.to();
            Doc.Line l = d.line();
            l.add("  > ", Style.DIM).add(range(g), Style.DIM).add(" ").add(g.phase().id(), Style.HEADER).add("  ")
                    .add(g.phase().title(), Style.DIM);
            for (int p = g.from() + 1; p <= g.to(); p++) {
                for (Check c : s.stepAt(p).checks()) {
                    checkLine(d, c, "      ");
                }
            }
        }
        if (compactFrom >= 0) {
            d.line().add("  changes over these steps:", Style.DIM);
            changes(d, s, compactFrom, compactTo, true, false);
        }
        return d.append(ending(s, m));
    }

    /** A backward motion: where it went, and what changed back. */
    public static Doc backward(Session s, Motion m) {
        Doc d = new Doc();
        Doc.Line l = d.line();
        l.add("< ", Style.HEADER).add("back " + m.count() + (m.count() == 1 ? " instruction" : " instructions") + " to step "
                + m.to(), Style.HEADER);
        s.currentPhase().ifPresent(p -> l.add("  before ").add(p.id(), Style.HEADER).add("  " + p.title(), Style.DIM));
        changes(d, s, m.from(), m.to(), false, false);
        return d;
    }

    /** A jump (goto): where it went and the changes between. */
    public static Doc jump(Session s, Motion m) {
        Doc d = new Doc();
        Doc.Line l = d.line();
        l.add(m.forward() ? "> " : "< ", Style.HEADER).add("at step " + m.to(), Style.HEADER);
        s.currentPhase().ifPresentOrElse(
                p -> l.add("  before ").add(p.id(), Style.HEADER).add("  " + p.title(), Style.DIM),
                () -> l.add("  (the end of the path)", Style.DIM));
        changes(d, s, m.from(), m.to(), false, false);
        return d.append(ending(s, m));
    }

    private static String range(Group g) {
        return g.to() - g.from() == 1 ? "[" + g.to() + "]" : "[" + (g.from() + 1) + "-" + g.to() + "]";
    }

    /** One phase run in full. */
    public static Doc block(Session s, Group g) {
        Doc d = new Doc();
        Phase p = g.phase();
        CpuState start = s.state(g.from()).cpu();
        d.line().add(range(g), Style.HEADER).add(" ").add(p.id(), Style.HEADER).add("  ").add(p.title(), Style.TITLE);
        d.line().add("    " + p.kind().label() + ", CPL " + start.cpl() + ", " + p.source(), Style.DIM);
        for (int pos = g.from() + 1; pos <= g.to(); pos++) {
            insnLine(d, s.stepAt(pos).insn(), p.kind());
        }
        changes(d, s, g.from(), g.to(), true, true);
        for (int pos = g.from() + 1; pos <= g.to(); pos++) {
            Step st = s.stepAt(pos);
            for (Check c : st.checks()) {
                checkLine(d, c, "  ");
            }
            for (String n : st.notes()) {
                d.line().add("  . " + n, Style.NOTE);
            }
        }
        return d;
    }

    static void insnLine(Doc d, Insn insn, PhaseKind kind) {
        Doc.Line l = d.line().add("  ");
        if (insn.hasAddress() && insn.length() > 0) {
            l.add(String.format("%016x", insn.address()), Style.ADDRESS).add("  ");
        } else if (kind == PhaseKind.C) {
            l.add("C ", Style.DIM);
        }
        l.add(insn.text(), Style.CODE);
        if (!insn.comment().isEmpty()) {
            l.pad(62).add("  # " + insn.comment(), Style.DIM);
        }
    }

    static void checkLine(Doc d, Check c, String indent) {
        d.line().add(indent).add(c.passed() ? "[pass] " : "[FAIL] ", c.passed() ? Style.PASS : Style.FAIL)
                .add(c.id(), c.passed() ? Style.PASS : Style.FAIL).add(": " + c.detail(), Style.PLAIN)
                .add(!c.passed() && c.id().startsWith("exit.") ? "  -> IRET path" : "", Style.FAIL);
    }

    /** Registers, memory, fds and terminal that differ between two positions. */
    public static void changes(Doc d, Session s, int from, int to) {
        changes(d, s, from, to, false, true);
    }

    /**
     * As {@link #changes(Doc, Session, int, int)}; {@code quietRip} leaves out RIP when it only moved on to the
     * next instruction, {@code pops} lists the slots POPs read.
     */
    static void changes(Doc d, Session s, int from, int to, boolean quietRip, boolean showPops) {
        StateDiff diff = s.diff(from, to);
        CpuState b = s.state(from).cpu();
        for (StateDiff.RegChange r : diff.registers()) {
            if (quietRip && r.reg() == Reg.RIP && to > from && sequential(s, to, r.after())) {
                continue;
            }
            regLine(d, r, s, b);
        }
        Set<Long> pushed = new HashSet<>();
        int lo = Math.min(from, to);
        int hi = Math.max(from, to);
        for (int p = lo + 1; p <= hi; p++) {
            Step st = s.stepAt(p);
            if (st.insn().text().startsWith("push") || st.insn().text().startsWith("call")) {
                for (MemWrite w : st.writes()) {
                    pushed.add(w.address());
                }
            }
        }
        for (StateDiff.MemChange m : diff.memory()) {
            boolean push = pushed.contains(m.address()) && to > from;
            Doc.Line l = d.line().add(push ? "  + " : "  * ", push ? Style.PUSHED : Style.CHANGED);
            l.add(String.format("%016x", m.address()), Style.ADDRESS).add("  ");
            l.add(m.label().isEmpty() ? "" : m.label(), Style.LABEL).pad(48);
            l.add(" " + value(m.before(), m.size()), Style.OLD).add(" -> ").add(value(m.after(), m.size()), Style.NEW);
            l.add(push ? "  pushed" : to < from ? "  restored" : "", push ? Style.PUSHED : Style.DIM);
        }
        if (to > from && showPops) {
            for (int p = from + 1; p <= to; p++) {
                for (Exec.Popped pop : s.stepAt(p).pops()) {
                    Doc.Line l = d.line().add("  - ", Style.POPPED);
                    l.add(String.format("%016x", pop.address()), Style.ADDRESS).add("  ");
                    l.add(pop.label(), Style.LABEL).pad(48).add(" " + Hex.q(pop.value()), Style.POPPED).add("  popped", Style.POPPED);
                }
            }
        }
        for (StateDiff.FdChange f : diff.fds()) {
            d.line().add("  * ", Style.CHANGED).add("fd " + f.fd() + ": ", Style.LABEL)
                    .add(f.before() == null ? "(closed)" : Views.fdText(f.before()), Style.OLD).add(" -> ")
                    .add(f.after() == null ? "(closed)" : Views.fdText(f.after()), Style.NEW);
        }
        if (diff.terminalChanged()) {
            byte[] before = diff.terminalBefore();
            byte[] after = diff.terminalAfter();
            if (after.length >= before.length) {
                d.line().add("  + ", Style.PUSHED).add("terminal /dev/pts/0 <- ", Style.LABEL)
                        .add(Escape.quoted(java.util.Arrays.copyOfRange(after, before.length, after.length), 256), Style.NEW);
            } else {
                d.line().add("  - ", Style.POPPED).add("terminal output back to " + after.length + " bytes", Style.LABEL);
            }
        }
        for (String o : diff.other()) {
            d.line().add("  * ", Style.CHANGED).add(o, Style.PLAIN);
        }
    }

    /** True when RIP after position {@code to} is just the address after the instruction that led there. */
    private static boolean sequential(Session s, int to, long rip) {
        Insn last = s.stepAt(to).insn();
        return last.hasAddress() && last.length() > 0 && last.nextAddress() == rip;
    }

    private static String value(long v, int size) {
        return size >= 8 ? Hex.q(v) : Hex.x(v);
    }

    private static void regLine(Doc d, StateDiff.RegChange r, Session s, CpuState before) {
        Doc.Line l = d.line().add("  * ", Style.CHANGED).add(String.format("%-15s", r.reg().label()), Style.CHANGED);
        switch (r.reg()) {
            case CPL -> l.add(" " + r.before(), Style.OLD).add(" -> ").add(Long.toString(r.after()), Style.NEW);
            case CS, SS -> l.add(" " + Decode.selector(r.before()), Style.OLD).add(" -> ")
                    .add(Decode.selector(r.after()), Style.NEW);
            default -> {
                l.add(" " + Hex.q(r.before(), r.undefinedBefore()), r.undefinedBefore() != 0 ? Style.UNKNOWN : Style.OLD)
                        .add(" -> ")
                        .add(Hex.q(r.after(), r.undefinedAfter()), r.undefinedAfter() != 0 ? Style.UNKNOWN : Style.NEW);
                if (r.reg() == Reg.RFLAGS) {
                    String ch = Decode.flagChanges(r.before(), r.after());
                    if (!ch.isEmpty()) {
                        l.add("  [" + ch + "]", Style.DIM);
                    }
                } else if (r.reg() == Reg.CR3) {
                    CpuState c = s.state().cpu();
                    l.add("  " + Decode.cr3(r.after(), c.get(Reg.CR4), s.config().kpti()), Style.DIM);
                } else if (r.undefinedAfter() != 0 && r.undefinedBefore() == 0) {
                    l.add("  (left by compiled C: not simulated)", Style.DIM);
                }
            }
        }
    }

    /** How the path ended, if this motion reached the end. */
    static Doc ending(Session s, Motion m) {
        Doc d = new Doc();
        if (m.stop() == Motion.Stop.BREAKPOINT || m.stop() == Motion.Stop.WATCH) {
            d.line().add("  stopped: " + m.detail(), Style.WARNING);
        }
        if (s.finished() && m.forward()) {
            Outcome o = s.state().outcome();
            if (o != null) {
                d.line().add("  = " + o.kind().label() + ": ", Style.RESULT).add(o.description(), Style.PLAIN);
            }
            s.result().ifPresent(r -> d.line().add("  " + Strace.line(r), Style.RESULT));
        }
        return d;
    }
}
