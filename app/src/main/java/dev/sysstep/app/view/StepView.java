package dev.sysstep.app.view;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Pop;
import dev.sysstep.core.session.PhaseRun;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.session.Stop;
import java.util.Arrays;
import java.util.List;

/**
 * What a motion prints (product.md §4): header, instructions, and what changed, old → new. Everything
 * comes from the motion's {@link StepReport}; nothing here asks the session again.
 */
public final class StepView {
    private StepView() {
    }

    /** Full blocks for every phase run of a forward motion. */
    public static Doc forward(StepReport r) {
        Doc d = new Doc();
        for (PhaseRun run : r.runs()) {
            d.append(block(r, run));
        }
        return d.append(ending(r));
    }

    /** The first run in full, the deeper ones (the called C code) as one line each plus their combined changes. */
    public static Doc overCalls(StepReport r, boolean firstInFull) {
        Doc d = new Doc();
        List<PhaseRun> runs = r.runs();
        int compactFrom = -1;
        int compactTo = -1;
        for (int i = 0; i < runs.size(); i++) {
            PhaseRun run = runs.get(i);
            if (i == 0 && firstInFull) {
                d.append(block(r, run));
                continue;
            }
            if (compactFrom < 0) {
                compactFrom = run.from();
            }
            compactTo = run.to();
            d.line().add("  > ", Style.DIM).add(range(run), Style.DIM).add(" ").add(run.phase().id(), Style.HEADER)
                    .add("  ").add(run.phase().title(), Style.DIM);
            for (Step st : run.steps()) {
                for (Check c : st.checks()) {
                    checkLine(d, c, "      ");
                }
            }
        }
        if (compactFrom >= 0) {
            d.line().add("  changes over these steps:", Style.DIM);
            changes(d, r, r.diff(compactFrom, compactTo), true, false);
        }
        return d.append(ending(r));
    }

    /**
     * A motion over several phases, as the REPL shows it: one line per phase passed (with its failed
     * checks), then the net change from the motion's start to its end, old -> new.
     */
    public static Doc summary(StepReport r) {
        Doc d = new Doc();
        for (PhaseRun run : r.runs()) {
            int n = run.last() - run.first() + 1;
            d.line().add("  > ", Style.DIM).add(range(run), Style.DIM).add(" ").add(run.phase().id(), Style.HEADER)
                    .add("  ").comment(run.phase().title() + (n > 1 ? "  (" + n + " instructions)" : ""), Style.DIM);
            for (Step st : run.steps()) {
                for (Check c : st.checks()) {
                    if (!c.passed()) {
                        checkLine(d, c, "      ");
                    }
                }
            }
        }
        d.line().add("  net change, step " + r.from() + " -> " + r.to() + " (`set verbose on` shows every phase):",
                Style.DIM);
        // RIP too: across phases it did not just move on to the next instruction
        changes(d, r, r.diff(), false, false);
        return d.append(ending(r));
    }

    /** A backward motion: where it went, and what changed back. */
    public static Doc backward(StepReport r) {
        Doc d = new Doc();
        Doc.Line l = d.line();
        l.add("< ", Style.HEADER).add("back " + r.count() + (r.count() == 1 ? " instruction" : " instructions") + " to step "
                + r.to(), Style.HEADER);
        r.where().next().ifPresent(p -> l.add("  before ").add(p.id(), Style.HEADER).add("  " + p.title(), Style.DIM));
        changes(d, r, r.diff(), false, false);
        return d;
    }

    /** A jump (goto): where it went and the changes between. */
    public static Doc jump(StepReport r) {
        Doc d = new Doc();
        Doc.Line l = d.line();
        l.add(r.forward() ? "> " : "< ", Style.HEADER).add("at step " + r.to(), Style.HEADER);
        r.where().next().ifPresentOrElse(
                p -> l.add("  before ").add(p.id(), Style.HEADER).add("  " + p.title(), Style.DIM),
                () -> l.add("  (the end of the path)", Style.DIM));
        changes(d, r, r.diff(), false, false);
        return d.append(ending(r));
    }

    private static String range(PhaseRun run) {
        return run.first() == run.last() ? "[" + run.last() + "]" : "[" + run.first() + "-" + run.last() + "]";
    }

    /** One phase run in full. */
    public static Doc block(StepReport r, PhaseRun run) {
        Doc d = new Doc();
        Phase p = run.phase();
        d.line().add(range(run), Style.HEADER).add(" ").add(p.id(), Style.HEADER).add("  ").add(p.title(), Style.TITLE);
        sourceLine(d, "    " + p.kind().label() + ", CPL " + run.cplAtStart() + ", ", p.source());
        int column = commentColumn(run.steps().stream().map(Step::insn).toList(), p.kind());
        for (Step st : run.steps()) {
            insnLine(d, st.insn(), p.kind(), column);
        }
        StateDiff diff = run.diff();
        Step last = run.steps().isEmpty() ? null : run.steps().get(run.steps().size() - 1);
        registers(d, diff, r.config(), r.cpuAt(r.to()).get(Reg.CR4), last != null && last.fellThrough());
        events(d, run.steps());
        rest(d, diff);
        for (Step st : run.steps()) {
            for (Check c : st.checks()) {
                checkLine(d, c, "  ");
            }
            for (String n : st.notes()) {
                d.line().add("  . " + n, Style.NOTE);
            }
        }
        return d;
    }

    /** The source reference after {@code prefix}, with a shorter form (file name and lines) for narrow terminals. */
    static void sourceLine(Doc d, String prefix, dev.sysstep.core.code.SourceRef src) {
        String file = src.file().substring(src.file().lastIndexOf('/') + 1);
        String shorter = prefix + file + (src.lines().isEmpty() ? "" : ":" + src.lines()) + " " + src.symbol()
                + (src.version().isEmpty() ? "" : " (" + src.version().replace("Linux ", "") + ")");
        d.line().alt(prefix + src, shorter, Style.DIM);
    }

    /**
     * Where the comments of these instructions line up: after the longest of them, at most at column 52,
     * so that at 80 columns a comment keeps 24 characters in its column; a longer instruction (a jne to
     * a long label) has its comment right after it instead of pushing every comment out of the line.
     */
    static int commentColumn(List<Insn> insns, PhaseKind kind) {
        int widest = 0;
        for (Insn i : insns) {
            widest = Math.max(widest, prefix(i, kind).length() + i.text().length());
        }
        return Math.min(52, widest + 2);
    }

    private static String prefix(Insn insn, PhaseKind kind) {
        if (insn.hasAddress() && insn.length() > 0) {
            return "  " + String.format("%016x", insn.address()) + "  ";
        }
        return kind == PhaseKind.C ? "  C " : "  ";
    }

    static void insnLine(Doc d, Insn insn, PhaseKind kind, int commentColumn) {
        Doc.Line l = d.line().add("  ");
        if (insn.hasAddress() && insn.length() > 0) {
            l.add(String.format("%016x", insn.address()), Style.ADDRESS).add("  ");
        } else if (kind == PhaseKind.C) {
            l.add("C ", Style.DIM);
        }
        l.add(insn.text(), Style.CODE);
        if (!insn.comment().isEmpty()) {
            l.pad(commentColumn).comment("  # " + insn.comment(), Style.DIM);
        }
    }

    static void checkLine(Doc d, Check c, String indent) {
        d.line().add(indent).add(c.passed() ? "[pass] " : "[FAIL] ", c.passed() ? Style.PASS : Style.FAIL)
                .add(c.id(), c.passed() ? Style.PASS : Style.FAIL).add(": " + c.detail(), Style.PLAIN)
                .add(c.path().isEmpty() ? "" : "  -> " + c.path(), Style.FAIL);
    }

    /** Registers, memory, fds and terminal that differ, from a diff the session computed. */
    public static void changes(Doc d, StateDiff diff, KernelConfig config, long cr4) {
        regsAndMemory(d, diff, config, cr4, false);
        rest(d, diff);
    }

    private static void changes(Doc d, StepReport r, StateDiff diff, boolean quietRip, boolean showPops) {
        changes(d, r, diff, quietRip, showPops, r.steps());
    }

    /**
     * The changes of {@code diff}; {@code quietRip} leaves out RIP when it only moved on to the next
     * instruction, {@code showPops} lists the slots the POPs among {@code steps} read.
     */
    private static void changes(Doc d, StepReport r, StateDiff diff, boolean quietRip, boolean showPops, List<Step> steps) {
        Step last = diff.to() > diff.from() && !steps.isEmpty() ? steps.get(steps.size() - 1) : null;
        regsAndMemory(d, diff, r.config(), r.cpuAt(r.to()).get(Reg.CR4), quietRip && last != null && last.fellThrough());
        if (diff.to() > diff.from() && showPops) {
            for (Step st : steps) {
                for (Pop pop : st.pops()) {
                    Doc.Line l = d.line().add("  - ", Style.POPPED);
                    l.add(String.format("%016x", pop.address()), Style.ADDRESS).add("  ");
                    l.add(pop.label(), Style.LABEL).pad(48).add(" ").hex(Hex.q(pop.value()), Style.POPPED)
                            .add("  popped", Style.POPPED);
                }
            }
        }
        rest(d, diff);
    }

    /**
     * Every store, push and pop of {@code steps} in the order they happened, each with its label, also
     * when the word kept its value (a push of 0 over 0 is still a push).
     */
    private static void events(Doc d, List<Step> steps) {
        int widest = 0;
        for (Step st : steps) {
            for (MemWrite w : st.writes()) {
                widest = Math.max(widest, w.label().length());
            }
            for (Pop pop : st.pops()) {
                widest = Math.max(widest, pop.label().length());
            }
        }
        int column = Math.min(48, 22 + widest + 1);
        for (Step st : steps) {
            for (MemWrite w : st.writes()) {
                boolean push = w.kind() == MemWrite.Kind.PUSH || w.kind() == MemWrite.Kind.CALL;
                if (w.isWord()) {
                    memLine(d, push ? "  + " : "  * ", push ? Style.PUSHED : Style.CHANGED, w.address(), w.label(),
                            value(w.beforeValue(), w.size()), value(w.afterValue(), w.size()), push ? "  pushed" : "",
                            column);
                } else {
                    for (MemWrite.Word word : w.words()) {
                        memLine(d, "  * ", Style.CHANGED, word.address(), w.label(), Hex.q(word.before()),
                                Hex.q(word.after()), "", column);
                    }
                }
            }
            for (Pop pop : st.pops()) {
                Doc.Line l = d.line().add("  - ", Style.POPPED);
                l.add(String.format("%016x", pop.address()), Style.ADDRESS).add("  ");
                l.add(pop.label(), Style.LABEL).pad(column).add(" ").hex(Hex.q(pop.value()), Style.POPPED)
                        .add("  popped", Style.POPPED);
            }
        }
    }

    private static void memLine(Doc d, String marker, Style markerStyle, long address, String label, String before,
                                String after, String tail, int column) {
        Doc.Line l = d.line().add(marker, markerStyle);
        l.add(String.format("%016x", address), Style.ADDRESS).add("  ");
        l.add(label, Style.LABEL).pad(column);
        l.add(" ").hex(before, Style.OLD).add(" -> ").hex(after, Style.NEW);
        l.add(tail, tail.isEmpty() ? Style.DIM : Style.PUSHED);
    }

    private static void registers(Doc d, StateDiff diff, KernelConfig config, long cr4, boolean quietRip) {
        for (StateDiff.RegChange rc : diff.registers()) {
            if (quietRip && rc.reg() == Reg.RIP) {
                continue;
            }
            regLine(d, rc, config, cr4);
        }
    }

    private static void regsAndMemory(Doc d, StateDiff diff, KernelConfig config, long cr4, boolean quietRip) {
        registers(d, diff, config, cr4, quietRip);
        boolean forward = diff.to() > diff.from();
        for (StateDiff.MemChange m : diff.memory()) {
            boolean push = forward && (m.kind() == MemWrite.Kind.PUSH || m.kind() == MemWrite.Kind.CALL);
            Doc.Line l = d.line().add(push ? "  + " : "  * ", push ? Style.PUSHED : Style.CHANGED);
            l.add(String.format("%016x", m.address()), Style.ADDRESS).add("  ");
            l.add(m.label(), Style.LABEL).pad(48);
            l.add(" ").hex(value(m.before(), m.size()), Style.OLD).add(" -> ").hex(value(m.after(), m.size()), Style.NEW);
            l.add(push ? "  pushed" : !forward ? "  restored" : "", push ? Style.PUSHED : Style.DIM);
        }
    }

    private static void rest(Doc d, StateDiff diff) {
        for (StateDiff.FdChange f : diff.fds()) {
            d.line().add("  * ", Style.CHANGED).add("fd " + f.fd() + ": ", Style.LABEL)
                    .add(f.before().map(Views::fdText).orElse("(closed)"), Style.OLD).add(" -> ")
                    .add(f.after().map(Views::fdText).orElse("(closed)"), Style.NEW);
        }
        diff.terminal().ifPresent(t -> {
            byte[] before = t.before();
            byte[] after = t.after();
            if (after.length >= before.length) {
                d.line().add("  + ", Style.PUSHED).add("terminal /dev/pts/0 <- ", Style.LABEL)
                        .add(Escape.quoted(Arrays.copyOfRange(after, before.length, after.length), 256), Style.NEW);
            } else {
                d.line().add("  - ", Style.POPPED).add("terminal output back to " + after.length + " bytes", Style.LABEL);
            }
        });
        for (StateDiff.PipeChange p : diff.pipes()) {
            other(d, String.format("pipe:[%d] holds %d bytes (was %d)", p.id(), p.bytesAfter(), p.bytesBefore()));
        }
        for (StateDiff.FileChange f : diff.files()) {
            other(d, String.format("%s is %d bytes (was %d)", f.path(), f.sizeAfter(), f.sizeBefore()));
        }
        diff.terminalInput().ifPresent(i -> other(d, String.format("terminal input: %d bytes waiting (was %d)",
                i.bytesAfter(), i.bytesBefore())));
        diff.exit().ifPresent(e -> other(d, "process exited with status "
                + e.after().map(String::valueOf).orElse("-")));
    }

    private static void other(Doc d, String text) {
        d.line().add("  * ", Style.CHANGED).add(text, Style.PLAIN);
    }

    private static String value(long v, int size) {
        return size >= 8 ? Hex.q(v) : Hex.x(v);
    }

    private static void regLine(Doc d, StateDiff.RegChange r, KernelConfig config, long cr4) {
        Doc.Line l = d.line().add("  * ", Style.CHANGED).add(String.format("%-15s", r.reg().label()), Style.CHANGED);
        switch (r.reg()) {
            case CPL -> l.add(" " + r.before().value(), Style.OLD).add(" -> ").add(Long.toString(r.after().value()),
                    Style.NEW);
            case CS, SS -> l.add(" " + Decode.selector(r.before().value()), Style.OLD).add(" -> ")
                    .add(Decode.selector(r.after().value()), Style.NEW);
            default -> {
                boolean unknownBefore = !r.before().isKnown();
                boolean unknownAfter = !r.after().isKnown();
                l.add(" ").hex(Hex.q(r.before().value(), r.before().undefinedBits()), unknownBefore ? Style.UNKNOWN : Style.OLD)
                        .add(" -> ")
                        .hex(Hex.q(r.after().value(), r.after().undefinedBits()), unknownAfter ? Style.UNKNOWN : Style.NEW);
                if (r.reg() == Reg.RFLAGS) {
                    String ch = Decode.flagChanges(r.before().value(), r.after().value());
                    if (!ch.isEmpty()) {
                        l.add("  [" + ch + "]", Style.DIM);
                    }
                } else if (r.reg() == Reg.CR3) {
                    l.add("  " + Decode.cr3(r.after().value(), cr4, config.kpti()), Style.DIM);
                } else if (unknownAfter && !unknownBefore && r.reg() == Reg.RIP) {
                    l.add("  (compiled C, or code whose address was not observed)", Style.DIM);
                } else if (unknownAfter && !unknownBefore) {
                    l.add("  (left by compiled C)", Style.DIM);
                }
            }
        }
    }

    /** Why the motion stopped, and how the path ended if it did. */
    static Doc ending(StepReport r) {
        Doc d = new Doc();
        Stop stop = r.stop();
        if (stop.kind() == Stop.Kind.BREAKPOINT || stop.kind() == Stop.Kind.WATCH) {
            d.line().add("  stopped: " + stopText(stop), Style.WARNING);
        } else if (stop.kind() == Stop.Kind.INTERRUPTED) {
            d.line().add("  interrupted: stopped after step " + r.to() + ", the last whole step", Style.WARNING);
        } else if (stop.kind() == Stop.Kind.LIMIT) {
            d.line().add("  stopped: one motion executes at most " + r.count() + " instructions", Style.WARNING);
        }
        if (r.where().finished() && r.forward()) {
            r.where().ended().ifPresent(o -> d.line().add("  = " + o.kind().label() + ": ", Style.RESULT)
                    .add(o.description(), Style.PLAIN));
            r.result().ifPresent(res -> d.line().add("  " + Strace.line(res), Style.RESULT));
        }
        return d;
    }

    /** What stopped a motion, in words. */
    public static String stopText(Stop stop) {
        if (stop.breakpoint().isPresent()) {
            var b = stop.breakpoint().get();
            return "breakpoint " + b.id() + " (" + b.glob().pattern() + ") at " + stop.phase().orElse("?");
        }
        if (stop.watch().isPresent()) {
            Stop.WatchHit w = stop.watch().get();
            return String.format("watch %d: %s changed: 0x%x -> 0x%x", w.watch().id(), w.watch().target().name(),
                    w.before().value(), w.after().value());
        }
        return stop.outcome().map(Outcome::description).orElse("");
    }
}
