package dev.sysstep.app.teach;

import dev.sysstep.app.run.Interpreter;
import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Stage;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.PhaseRun;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.session.StepReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows a run and keeps a frame for every phase a forward motion passed, and a slide for every
 * {@code echo} and {@code pause}: what {@code present} shows and a handout prints. Memory is read
 * when the motion has ended, and each earlier phase's view is recovered from the motion's own diff.
 */
public final class Capture implements Interpreter.Listener {
    /** The most trampoline-stack slots a picture shows. */
    private static final int TRAMPOLINE_SLOTS = 8;
    /** The trampoline (entry) stack is 4 KiB below TSS.sp0 (reference §1.5). */
    private static final long TRAMPOLINE_SIZE = 4096;
    /** User addresses end at the canonical boundary of 4-level paging (reference §3.7). */
    private static final long USER_END = 0x0000_8000_0000_0000L;

    private final Session session;
    private final List<Frame> frames = new ArrayList<>();
    /** The stack words this entry has written so far: before that a slot holds what the last entry left. */
    private final Set<Long> written = new HashSet<>();
    private final List<Frame.CheckMark> exitChecks = new ArrayList<>();

    public Capture(Session session) {
        this.session = session;
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    @Override
    public void narrated(String text, boolean pause) {
        if (text != null) {
            frames.add(Frame.slide(text, pause));
        }
    }

    @Override
    public void motion(StepReport r) {
        if (!r.forward()) {
            if (r.moved()) {
                written.clear();
                exitChecks.clear();
                frames.add(Frame.slide(r.motion() == StepReport.Motion.RESET ? "reset: back to step 0"
                        : "back to step " + r.to() + r.where().next().map(p -> ", before " + p.id()).orElse(""), false));
            }
            return;
        }
        for (PhaseRun run : r.runs()) {
            frames.add(frame(r, run));
        }
    }

    private Frame frame(StepReport r, PhaseRun run) {
        Stage stage = run.phase().stage();
        if (stage == Stage.ENTRY_INSTRUCTION || stage == Stage.USER) {
            written.clear();
            exitChecks.clear();
        }
        Set<Long> now = new HashSet<>();
        for (Step st : run.steps()) {
            for (MemWrite w : st.writes()) {
                for (MemWrite.Word word : w.words()) {
                    now.add(word.address());
                }
            }
            for (Check c : st.checks()) {
                if (stage == Stage.EXIT_CHECKS) {
                    exitChecks.add(Frame.CheckMark.of(c));
                }
            }
        }
        written.addAll(now);
        CpuState cpu = run.steps().get(run.steps().size() - 1).after();
        Frame.Strip strip = new Frame.Strip(stage, cpu.cpl(), r.config().kpti(), session.userPageTables(cpu),
                cpu.get(Reg.GS_BASE) < 0, run.to(), session.endPosition());
        boolean exiting = stage == Stage.EXIT_CHECKS || stage == Stage.EXIT || stage == Stage.RETURN_INSTRUCTION;
        return new Frame(null, false, run, strip, picture(r, run, cpu, now), exiting ? exitChecks : List.of(),
                r.program(), r.config().version().label());
    }

    private StackPicture picture(StepReport r, PhaseRun run, CpuState cpu, Set<Long> now) {
        Map<Long, Long> later = new HashMap<>();
        if (run.to() != r.to()) {
            // the words the rest of the motion changed, as they were when this phase ended
            for (StateDiff.MemChange m : r.diff(run.to(), r.to()).memory()) {
                if (m.size() == 8) {
                    later.put(m.address(), m.before());
                }
            }
        }
        Long rsp = cpu.isDefined(Reg.RSP) ? cpu.get(Reg.RSP) : null;
        long base = session.ptRegsAddress();
        List<StackPicture.Slot> pt = new ArrayList<>();
        for (int i = PtRegs.FIELDS.size() - 1; i >= 0; i--) {
            PtRegs.Field f = PtRegs.FIELDS.get(i);
            long a = base + f.offset();
            pt.add(new StackPicture.Slot(a, f.name(), word(a, later), written.contains(a), now.contains(a),
                    rsp != null && rsp == a));
        }
        long sp0 = symbolWord("TSS.sp0", later);
        long sp2 = symbolWord("TSS.sp2", later);
        List<StackPicture.Slot> tramp = new ArrayList<>();
        StackPicture.RspAt where;
        long top = base + 8L * PtRegs.FIELDS.size();
        if (rsp == null) {
            where = StackPicture.RspAt.UNKNOWN;
        } else if (rsp >= base && rsp < top) {
            where = StackPicture.RspAt.PT_REGS;
        } else if (Long.compareUnsigned(rsp, base) < 0 && Long.compareUnsigned(rsp, base - 16384) >= 0) {
            where = StackPicture.RspAt.BELOW_PT_REGS;
        } else if (sp0 != 0 && Long.compareUnsigned(rsp, sp0 - TRAMPOLINE_SIZE) >= 0 && Long.compareUnsigned(rsp, sp0) <= 0) {
            where = StackPicture.RspAt.TRAMPOLINE;
            for (long a = sp0 - 8; Long.compareUnsigned(a, rsp) >= 0 && tramp.size() < TRAMPOLINE_SLOTS; a -= 8) {
                tramp.add(new StackPicture.Slot(a, session.labelAt(a), word(a, later), written.contains(a), now.contains(a),
                        rsp == a));
            }
        } else if (Long.compareUnsigned(rsp, USER_END) < 0) {
            where = StackPicture.RspAt.USER_STACK;
        } else {
            where = StackPicture.RspAt.ELSEWHERE;
        }
        return new StackPicture(pt, tramp, rsp, where, sp0, sp2);
    }

    private long word(long a, Map<Long, Long> later) {
        Long v = later.get(a);
        if (v != null) {
            return v;
        }
        return session.memory().isMapped(a, 8) ? session.memory().read64(a) : 0;
    }

    private long symbolWord(String name, Map<Long, Long> later) {
        return session.symbols().byName(name).map(s -> word(s.address(), later)).orElse(0L);
    }
}
