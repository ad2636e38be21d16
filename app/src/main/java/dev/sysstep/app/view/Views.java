package dev.sysstep.app.view;

import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Switch;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.process.ProcessState;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Stops;
import dev.sysstep.core.session.Where;
import dev.sysstep.core.user.UserProgram;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The on-demand views of the machine: regs, flags, msr, cr3, stack, ptregs, bt, phases, fds, … */
public final class Views {
    private Views() {
    }

    private static Set<Reg> changedByLastStep(Session s) {
        Set<Reg> out = new HashSet<>();
        if (s.position() > 0) {
            for (StateDiff.RegChange r : s.diff(s.position() - 1, s.position()).registers()) {
                out.add(r.reg());
            }
        }
        return out;
    }

    private static void reg(Doc d, CpuState c, Reg r, Set<Reg> changed, String extra) {
        boolean ch = changed.contains(r);
        Doc.Line l = d.line().add(ch ? "* " : "  ", ch ? Style.CHANGED : Style.PLAIN)
                .add(String.format("%-15s", r.label()), ch ? Style.CHANGED : Style.LABEL);
        long undef = c.undefinedBits(r);
        l.add(Hex.q(c.get(r), undef), undef != 0 ? Style.UNKNOWN : Style.NEW);
        if (undef == -1L) {
            l.add("  unknown: not simulated", Style.DIM);
        } else if (!extra.isEmpty()) {
            l.add("  " + extra, Style.DIM);
        }
    }

    public static Doc regs(Session s, boolean all) {
        Doc d = new Doc();
        CpuState c = s.state().cpu();
        Set<Reg> changed = changedByLastStep(s);
        for (Reg r : Reg.gprs()) {
            String extra = r == Reg.RSP ? s.labelAt(c.get(r)) : "";
            reg(d, c, r, changed, extra);
        }
        reg(d, c, Reg.RIP, changed, s.currentPhase().map(Phase::id).orElse(""));
        reg(d, c, Reg.RFLAGS, changed, "[" + Decode.flags(c.get(Reg.RFLAGS)) + "]");
        d.line().add(changed.contains(Reg.CS) ? "* " : "  ", Style.CHANGED).add(String.format("%-15s", "cs"), Style.LABEL)
                .add(Decode.selector(c.get(Reg.CS)), Style.NEW);
        d.line().add(changed.contains(Reg.SS) ? "* " : "  ", Style.CHANGED).add(String.format("%-15s", "ss"), Style.LABEL)
                .add(Decode.selector(c.get(Reg.SS)), Style.NEW);
        d.line().add(changed.contains(Reg.CPL) ? "* " : "  ", Style.CHANGED).add(String.format("%-15s", "cpl"), Style.LABEL)
                .add(Integer.toString(c.cpl()), Style.NEW).add(c.cpl() == 0 ? "  kernel mode" : "  user mode", Style.DIM);
        reg(d, c, Reg.FS_BASE, changed, "");
        reg(d, c, Reg.GS_BASE, changed, c.get(Reg.GS_BASE) == c.get(Reg.KERNEL_GS_BASE) ? "" : gsNote(c));
        reg(d, c, Reg.KERNEL_GS_BASE, changed, "");
        if (all) {
            reg(d, c, Reg.CR3, changed, Decode.cr3(c.get(Reg.CR3), c.get(Reg.CR4), s.config().kpti()));
            reg(d, c, Reg.CR4, changed, "");
            for (Reg r : Reg.msrs()) {
                if (r != Reg.FS_BASE && r != Reg.GS_BASE && r != Reg.KERNEL_GS_BASE) {
                    reg(d, c, r, changed, msrMeaning(s, r, c.get(r)));
                }
            }
        }
        d.line().add("  * changed by the last instruction; ? = unknown bits", Style.DIM);
        return d;
    }

    private static String gsNote(CpuState c) {
        return c.get(Reg.GS_BASE) < 0 ? "kernel per-CPU base" : "user GS base";
    }

    /** What an MSR's value means; an address is named only by the symbol that lives there. */
    static String msrMeaning(Session s, Reg r, long v) {
        return switch (r) {
            case EFER -> Decode.efer(v);
            case STAR -> Decode.star(v);
            case LSTAR -> s.code().symbolAt(v).orElse("");
            case CSTAR -> s.state().cpu().undefinedBits(Reg.CSTAR) != 0
                    ? "entry_SYSCALL_compat (its address was not observed)"
                    : v == 0 && s.config().version().skipsCstarOnIntel() ? "not written (Intel, 6.1+)" : "";
            case SYSCALL_MASK -> "cleared on SYSCALL: " + Decode.maskedFlags(v);
            case SPEC_CTRL -> (v & 1) != 0 ? "IBRS" : "";
            case TSC -> "the simulated counter does not advance";
            case TSC_AUX -> "cpu " + (v & 0xFFF) + ", node " + (v >>> 12) + " (setup_getcpu); RDTSCP returns it in ECX";
            case SYSENTER_CS -> v == 0x10 ? "__KERNEL_CS" : "";
            case SYSENTER_ESP -> v == dev.sysstep.core.kernel.Layout.ENTRY_STACK_TOP ? "top of the entry stack (= TSS.sp0)" : "";
            case SYSENTER_EIP -> s.code().symbolAt(v).or(() -> v == s.config().version().layout().entrySysenterCompat()
                    ? Optional.of("entry_SYSENTER_compat") : Optional.empty()).orElse("");
            default -> "";
        };
    }

    public static Doc flags(Session s) {
        CpuState c = s.state().cpu();
        Doc d = new Doc();
        d.line().add("rflags ", Style.LABEL).add(Hex.x(c.get(Reg.RFLAGS), c.undefinedBits(Reg.RFLAGS)), Style.NEW)
                .add("  [" + Decode.flags(c.get(Reg.RFLAGS)) + "]");
        if (c.undefinedBits(Reg.RFLAGS) != 0) {
            d.line().add("  arithmetic flags left by compiled C are unknown", Style.DIM);
        }
        d.line().add("  UPPER = set, lower = clear", Style.DIM);
        return d;
    }

    /** {@code info registers rip rsp}: just these, as regs shows them. */
    public static Doc someRegs(Session s, List<Reg> regs) {
        Doc d = new Doc();
        CpuState c = s.state().cpu();
        Set<Reg> changed = changedByLastStep(s);
        for (Reg r : regs) {
            String extra = r == Reg.RSP ? s.labelAt(c.get(r)) : r == Reg.RFLAGS ? "[" + Decode.flags(c.get(r)) + "]" : "";
            reg(d, c, r, changed, extra);
        }
        return d;
    }

    /** The edits reset keeps, as they were typed, one a line. */
    public static Doc setup(Session s) {
        Doc d = new Doc();
        List<String> edits = s.setup().stream().map(dev.sysstep.core.session.Edit::describe).toList();
        if (edits.isEmpty()) {
            d.line().add("setup: nothing set before the first step", Style.DIM);
        }
        for (String e : edits) {
            d.line().add("setup: ", Style.LABEL).add(e);
        }
        return d;
    }

    public static Doc msr(Session s, Optional<Reg> one) {
        CpuState c = s.state().cpu();
        Doc d = new Doc();
        Reg[] list = one.map(r -> new Reg[] {r}).orElse(Reg.msrs());
        for (Reg r : list) {
            long undef = c.undefinedBits(r);
            d.line().add(String.format("%-24s", r.sdmName()), Style.LABEL)
                    .add(String.format("%-12s", Hex.x(r.msrNumber())), Style.DIM)
                    .add(Hex.q(c.get(r), undef), undef != 0 ? Style.UNKNOWN : Style.NEW)
                    .add("  " + (undef == -1L ? "written by syscall_init, address not observed" : msrMeaning(s, r, c.get(r))),
                            Style.DIM);
        }
        return d;
    }

    public static Doc cr3(Session s) {
        CpuState c = s.state().cpu();
        Doc d = new Doc();
        long cr3 = c.get(Reg.CR3);
        d.line().add("cr3 ", Style.LABEL).add(Hex.x(cr3), Style.NEW).add("  " + Decode.cr3(cr3, c.get(Reg.CR4),
                s.config().kpti()), Style.PLAIN);
        d.line().add("  bit 12 selects the user half of the 8 KiB PTI PGD, bit 11 the user PCID; bit 63 (NOFLUSH) is "
                + "honoured when written and never reads back", Style.DIM);
        if (!s.config().kpti()) {
            d.line().add("  KPTI is off: user and kernel share these page tables", Style.DIM);
        }
        return d;
    }

    public static Doc stack(Session s, int slots) {
        CpuState c = s.state().cpu();
        Doc d = new Doc();
        if (!c.isDefined(Reg.RSP)) {
            d.line().add("RSP is unknown here: compiled C moves it and its frames are not simulated", Style.WARNING);
            return d;
        }
        long rsp = c.get(Reg.RSP);
        for (int i = 0; i < slots; i++) {
            long a = rsp + 8L * i;
            Doc.Line l = d.line().add(String.format("rsp+0x%02x  ", 8 * i), Style.DIM).add(String.format("%016x", a), Style.ADDRESS);
            if (!s.memory().isMapped(a, 8)) {
                l.add("  (not mapped)", Style.DIM);
                break;
            }
            if (!readable(s, a, 8)) {
                l.add("  (not mapped in the user page tables: KPTI)", Style.WARNING);
                break;
            }
            l.add("  " + Hex.q(s.memory().read64(a)), Style.NEW).add("  " + s.labelAt(a), Style.LABEL);
        }
        return d;
    }

    /** Whether the CPU could read these bytes now, through the page tables of the current CR3. */
    private static boolean readable(Session s, long a, int n) {
        try {
            s.readMemory(a, n, false);
            return true;
        } catch (dev.sysstep.core.session.SysstepException e) {
            return false;
        }
    }

    public static Doc ptregs(Session s) {
        return ptregs(s, false);
    }

    /** pt_regs field by field; through the current CR3 unless {@code kernelView}. */
    public static Doc ptregs(Session s, boolean kernelView) {
        Doc d = new Doc();
        long base = s.ptRegsAddress();
        d.line().add("struct pt_regs at " + Hex.x(base) + " (task_pt_regs(current), 168 bytes)", Style.TITLE);
        if (!kernelView && !readable(s, base, 168)) {
            d.line().add("  not mapped in the user page tables (KPTI: CR3 is the user half now); `ptregs -k` shows the "
                    + "kernel's view", Style.WARNING);
            return d;
        }
        for (PtRegs.Field f : PtRegs.FIELDS) {
            long v = s.memory().read64(base + f.offset());
            d.line().add(String.format("  +%3d  %-8s ", f.offset(), f.name()), Style.LABEL).add(Hex.q(v), Style.NEW)
                    .add("  " + String.format("%016x", base + f.offset()), Style.DIM);
        }
        if (s.state().cpu().cpl() != 0) {
            d.line().add("  (user mode: these are the values the last entry left on the kernel stack)", Style.DIM);
        }
        return d;
    }

    public static Doc bt(Session s) {
        Doc d = new Doc();
        List<String> frames = s.callChain();
        if (frames.isEmpty()) {
            return Doc.of("no call chain: the path has ended", Style.DIM);
        }
        for (int i = 0; i < frames.size(); i++) {
            d.line().add("#" + i + "  ", Style.DIM).add(frames.get(i), i == 0 ? Style.CURRENT : Style.PLAIN);
        }
        return d;
    }

    public static Doc where(Where w) {
        Doc d = new Doc();
        // the CPL before the title, which may itself speak of a CPL ("still at CPL 0")
        Doc.Line l = d.line().add("step " + w.position(), Style.HEADER).add(", CPL " + w.cpl(), Style.PLAIN);
        if (w.finished()) {
            l.add(", the path has ended" + w.ended().map(o -> ": " + o.kind().label()).orElse(""), Style.PLAIN);
        } else {
            Phase p = w.next().orElseThrow();
            l.add(", next: ").add(p.id(), Style.HEADER).add(w.nextInstruction() > 0 ? " (instruction "
                    + (w.nextInstruction() + 1) + " of " + p.insns().size() + ")" : "").add("  " + p.title(), Style.PLAIN);
        }
        return d;
    }

    /** The path of this run, with a marker at the current step. */
    public static Doc phases(Session s) {
        return phases(s, true);
    }

    /** The path of this run, each phase with the step it starts at; {@code here}: mark where the run stands. */
    public static Doc phases(Session s, boolean here) {
        Doc d = new Doc();
        List<Session.PathEntry> path = s.path();
        int idWidth = 2 + path.stream().mapToInt(e -> e.phase().id().length()).max().orElse(30);
        int position = here ? s.position() : -1;
        boolean atEnd = s.finished();
        for (int i = 0; i < path.size(); i++) {
            Session.PathEntry e = path.get(i);
            boolean current = here && !atEnd && e.position() <= position
                    && (i == path.size() - 1 || path.get(i + 1).position() > position);
            Doc.Line l = d.line().add(current ? "=> " : "   ", Style.CURRENT)
                    .add(String.format("%4d  ", e.position() + 1), e.position() < position ? Style.DIM : Style.PLAIN)
                    .add(e.phase().id(), current ? Style.CURRENT : Style.HEADER).pad(9 + idWidth)
                    .add(String.format("%-10s", e.phase().kind().label()), Style.DIM).comment(e.phase().title(), Style.PLAIN);
            if (e.position() < position && !current) {
                l.add("  (done)", Style.DIM);
            }
        }
        Outcome end = s.state(s.endPosition()).outcome();
        d.line().add(String.format("   %4d  ", s.endPosition()), Style.DIM).add("end: ", Style.RESULT)
                .add(end == null ? "" : end.kind().label() + " - " + end.description());
        if (here && atEnd) {
            d.line().add("=> the run is at the end", Style.CURRENT);
        }
        return d;
    }

    /** Every phase the profile's code has, the IRET path included, in address order. */
    public static Doc allPhases(Session s) {
        Doc d = new Doc();
        int idWidth = 2 + s.code().phases().stream().mapToInt(p -> p.id().length()).max().orElse(32);
        for (Phase p : s.code().phases()) {
            d.line().add(p.id(), Style.HEADER).pad(idWidth).add(String.format("%-10s", p.kind().label()), Style.DIM)
                    .comment(p.title(), Style.PLAIN);
        }
        return d;
    }

    static String fdText(OpenFile f) {
        return f.path() + " " + f.modeName() + " (" + f.kind().label() + (f.isStream() ? "" : ", pos " + f.position()) + ")";
    }

    public static Doc fds(Session s) {
        Doc d = new Doc();
        ProcessState p = s.state().process();
        d.line().add("pid " + p.pid(), Style.TITLE);
        for (var e : p.fds().entrySet()) {
            d.line().add(String.format("  %4d  ", e.getKey()), Style.LABEL).add(fdText(e.getValue()));
        }
        for (var e : p.pipes().entrySet()) {
            d.line().add("  pipe:[" + e.getKey() + "] holds ", Style.DIM).add(Escape.quoted(e.getValue(), 64));
        }
        return d;
    }

    public static Doc terminal(Session s) {
        ProcessState p = s.state().process();
        byte[] out = p.terminalOutput();
        Doc d = new Doc();
        d.line().add("/dev/pts/0: " + out.length + " bytes written", Style.TITLE);
        int start = 0;
        for (int i = 0; i <= out.length; i++) {
            if (i == out.length || out[i] == '\n') {
                if (i > start || i < out.length) {
                    d.line().add("  | ", Style.DIM).add(Escape.escape(out, start, i), Style.NEW)
                            .add(i < out.length ? "\\n" : "", Style.DIM);
                }
                start = i + 1;
            }
        }
        byte[] in = p.terminalInput();
        if (in.length > 0) {
            d.line().add("  input waiting: ", Style.DIM).add(Escape.quoted(in, 64));
        }
        return d;
    }

    public static Doc explain(Phase p) {
        Doc d = new Doc();
        d.line().add(p.id(), Style.HEADER).add("  ").add(p.title(), Style.TITLE);
        StepView.sourceLine(d, "  " + p.kind().label() + ", ", p.source());
        d.line().prose("  " + p.explanation(), Style.PLAIN);
        return d;
    }

    public static Doc source(Phase p) {
        Doc d = new Doc();
        d.line().add(p.id(), Style.HEADER).add("  ").add(p.title(), Style.TITLE);
        StepView.sourceLine(d, "  ", p.source());
        d.line().add("  call chain: " + String.join(" <- ", p.frames()), Style.DIM);
        int column = StepView.commentColumn(p.insns(), p.kind());
        for (Insn i : p.insns()) {
            StepView.insnLine(d, i, p.kind(), column);
        }
        return d;
    }

    /** Every switch of the profile with its value, as the core names them. */
    public static Doc config(KernelConfig c) {
        Doc d = new Doc();
        for (Switch sw : Switch.values()) {
            d.line().add(String.format("%-13s", sw.key()), Style.LABEL).add(sw.current(c));
        }
        return d;
    }

    public static Doc program(Session s) {
        UserProgram p = s.program();
        Doc d = new Doc();
        d.line().add("program: ", Style.LABEL).add(p.describe(s.config().version()));
        if (p.hasMessage()) {
            d.line().add("  msg at " + Hex.x(p.messageAddress()) + ": ", Style.DIM).add(Escape.quoted(p.message(), 64));
        }
        for (dev.sysstep.core.code.Insn i : s.code().programInstructions()) {
            d.line().add(String.format("  %016x  ", i.address()), Style.ADDRESS).add(i.text(), Style.CODE);
        }
        return d;
    }

    public static Doc breakpoints(Session s) {
        Doc d = new Doc();
        if (s.breakpoints().isEmpty() && s.watches().isEmpty()) {
            return Doc.of("no breakpoints or watches", Style.DIM);
        }
        for (Stops.Breakpoint b : s.breakpoints()) {
            d.line().add(String.format("%3d  ", b.id()), Style.LABEL).add("breakpoint  ").add(b.glob().pattern(),
                    Style.HEADER);
        }
        for (Stops.Watch w : s.watches()) {
            d.line().add(String.format("%3d  ", w.id()), Style.LABEL).add("watch       ").add(w.target().name(), Style.HEADER);
        }
        return d;
    }

    public static Doc result(Session s) {
        return s.result().map(r -> {
            Doc d = new Doc();
            d.line().add(Strace.line(r), Style.RESULT);
            return d.append(resultWayBack(s));
        }).orElseGet(() -> Doc.of("the path has not ended yet (run it with `run`)", Style.DIM));
    }

    /** The second line of {@link #result}: how the path went back to user mode. */
    public static Doc resultWayBack(Session s) {
        return s.result().map(r -> Doc.of("  " + r.outcome().kind().label() + ": " + r.outcome().description(), Style.DIM))
                .orElseGet(Doc::new);
    }
}
