package dev.sysstep.app.teach;

import dev.sysstep.app.view.Hex;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Pop;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * What a student keeps, as plain values the HTML template and the Markdown writer both read: one
 * section per phase passed (or per slide of the script's own words), with the title, the
 * instructions, the changes as rows (old and new), the kernel stack, the exit checks, the
 * explanation and the source reference.
 */
public record Handout(String title, String program, String kernel, List<Section> sections) {

    /** A phase, or a slide when {@code slide} is set. */
    public record Section(String slide, String id, String title, String stage, String kind, String where,
                          String source, String explanation, List<InsnRow> insns, List<Row> changes,
                          List<SlotRow> stack, String rspSays, List<Row> trampoline, List<Row> checks) {
        public boolean isSlide() {
            return slide != null;
        }
    }

    /** An instruction: its address (empty for C), its text and its comment. */
    public record InsnRow(String address, String text, String comment) {
    }

    /** A change: what changed, old, new, and what kind of change (register, push, pop, store, check). */
    public record Row(String what, String before, String after, String kind) {
    }

    /** A pt_regs slot: its address, field, value, state (pushed now, written, not yet written), RSP here. */
    public record SlotRow(String address, String field, String value, String state, boolean rsp) {
    }

    public static Handout of(String title, List<Frame> frames) {
        List<Section> sections = new ArrayList<>();
        String program = "";
        String kernel = "";
        for (Frame f : frames) {
            if (f.isSlide()) {
                sections.add(new Section(f.slide(), "", "", "", "", "", "", "", List.of(), List.of(), List.of(), "",
                        List.of(), List.of()));
                continue;
            }
            if (program.isEmpty()) {
                program = f.program(); // the program the handout starts with
                kernel = f.kernel();
            }
            sections.add(section(f));
        }
        return new Handout(title, program, kernel, sections);
    }

    private static Section section(Frame f) {
        Phase p = f.run().phase();
        List<InsnRow> insns = new ArrayList<>();
        for (Step st : f.run().steps()) {
            insns.add(new InsnRow(st.insn().hasAddress() ? String.format("%016x", st.insn().address()) : "",
                    st.insn().text(), st.insn().comment() == null ? "" : st.insn().comment()));
        }
        List<Row> changes = new ArrayList<>();
        for (StateDiff.RegChange r : f.run().diff().registers()) {
            changes.add(new Row(r.reg().name().toLowerCase(java.util.Locale.ROOT),
                    Hex.q(r.before().value(), r.before().undefinedBits()), Hex.q(r.after().value(), r.after().undefinedBits()),
                    "register"));
        }
        for (Step st : f.run().steps()) {
            for (MemWrite w : st.writes()) {
                String kind = w.kind().name().toLowerCase(java.util.Locale.ROOT);
                for (MemWrite.Word word : w.words()) {
                    changes.add(new Row(String.format("%016x", word.address()) + " " + (w.label() == null ? "" : w.label()),
                            Hex.q(word.before()), Hex.q(word.after()), kind.equals("push") ? "pushed" : kind));
                }
            }
            for (Pop pop : st.pops()) {
                changes.add(new Row(String.format("%016x", pop.address()) + " " + (pop.label() == null ? "" : pop.label()),
                        Hex.q(pop.value()), "(read)", "popped"));
            }
        }
        List<SlotRow> stack = new ArrayList<>();
        for (StackPicture.Slot s : f.stack().ptRegs()) {
            stack.add(new SlotRow(String.format("%016x", s.address()), s.name(), Hex.q(s.value()),
                    s.justWritten() ? "pushed now" : s.written() ? "written" : "not yet written", s.rspHere()));
        }
        List<Row> tramp = new ArrayList<>();
        for (StackPicture.Slot s : f.stack().trampoline()) {
            tramp.add(new Row(String.format("%016x", s.address()) + " " + s.name(), "", Hex.q(s.value()),
                    s.rspHere() ? "RSP" : ""));
        }
        List<Row> checks = new ArrayList<>();
        for (Frame.CheckMark c : f.checks()) {
            checks.add(new Row(c.id(), c.detail(), c.passed() ? "passed" : "FAILED", c.passed() ? "pass" : "fail"));
        }
        Frame.Strip s = f.strip();
        String where = s.stage().label() + " | CPL " + s.cpl() + " | " + s.pageTables() + " | GS base: " + s.gsBase()
                + " | step " + s.position();
        StackPicture pic = f.stack();
        String rsp = "RSP = " + (pic.rsp() == null ? "unknown (compiled C moved it)" : String.format("%016x", pic.rsp()))
                + ", " + pic.rspAt().place();
        return new Section(null, p.id(), p.title(), s.stage().label(), p.kind().label(), where, p.source().toString(),
                p.explanation(), insns, changes, stack, rsp, tramp, checks);
    }
}
