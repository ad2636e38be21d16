package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.PhaseRun;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.session.Stop;
import dev.sysstep.core.session.Target;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A motion's report holds everything a view needs: its phase runs, each store with its kind and
 * label, the pops, the checks with the path they send the run down, the typed diff, why it stopped
 * and the result.
 */
class StepReportTest {

    private static List<MemWrite> writes(PhaseRun run) {
        return run.steps().stream().flatMap(st -> st.writes().stream()).toList();
    }

    @Test
    void aWholeRunIsOneReportOfPhaseRunsInPathOrder() {
        Session s = Session.defaults();
        StepReport r = s.run();
        assertThat(r.motion()).isEqualTo(StepReport.Motion.RUN);
        assertThat(r.from()).isZero();
        assertThat(r.to()).isEqualTo(r.steps().size());
        assertThat(r.runs().get(0).phase().id()).isEqualTo("user.prelude");
        assertThat(r.runs().stream().map(run -> run.phase().id())).contains("entry.swapgs", "c.vfs_write",
                "exit.check.rcx_eq_rip", "exit.sysretq", "user.next");
        // consecutive: each run starts where the one before it ended
        for (int i = 1; i < r.runs().size(); i++) {
            assertThat(r.runs().get(i).from()).isEqualTo(r.runs().get(i - 1).to());
        }
        assertThat(r.stop().kind()).isEqualTo(Stop.Kind.END);
        assertThat(r.result().orElseThrow().ret()).hasValue(3);
        assertThat(r.where().finished()).isTrue();
    }

    @Test
    void everyPushIsAnEventWithItsKindAndLabelEvenWhenTheWordDoesNotChange() {
        Session s = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        s.goTo("entry.push_regs");
        PhaseRun run = s.step(1).runs().get(0);
        List<MemWrite> w = writes(run);
        // reference §2.3: PUSH_REGS pushes 15 values, di first and r15 last
        assertThat(w).hasSize(15).allMatch(x -> x.kind() == MemWrite.Kind.PUSH);
        assertThat(w.get(0).label()).isEqualTo("pt_regs->di");
        assertThat(w.get(4).label()).isEqualTo("pt_regs->ax");
        assertThat(w.get(4).afterValue()).isEqualTo(-38L); // -ENOSYS, reference §2.1
        assertThat(w.get(14).label()).isEqualTo("pt_regs->r15");
        // r12..r15 are 0 in the seed program and the slots were 0: the diff drops them, the events do not
        assertThat(run.diff().memory()).hasSizeLessThan(15);
    }

    @Test
    void theCallPushesItsReturnAddressAsACallAndRetPopsIt() {
        Session s = Session.defaults();
        s.goTo("entry.call_do_syscall_64");
        List<MemWrite> call = writes(s.step(1).runs().get(0));
        assertThat(call).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(MemWrite.Kind.CALL);
            assertThat(w.address()).isEqualTo(0xffffc90000013f50L); // just below pt_regs at 0x…3f58 (observed)
        });
        s.goTo("c.return");
        Step ret = s.step(1).steps().get(0);
        assertThat(ret.pops()).singleElement().satisfies(p -> assertThat(p.address()).isEqualTo(0xffffc90000013f50L));
    }

    @Test
    void aFailedSysretCheckSaysWhereItSendsTheRun() {
        Session s = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        s.goTo("c.syscall_exit_to_user_mode");
        s.setPtRegs(dev.sysstep.core.kernel.PtRegs.field("cx").orElseThrow(), 0x401000L);
        StepReport r = s.run();
        Check failed = r.steps().stream().flatMap(st -> st.checks().stream()).filter(c -> !c.passed()).findFirst()
                .orElseThrow();
        assertThat(failed.id()).isEqualTo("exit.check.rcx_eq_rip");
        assertThat(failed.path()).isEqualTo("IRET path");
        assertThat(r.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
    }

    @Test
    void theDiffIsTypedRecords() {
        Session s = Session.defaults();
        s.goTo("entry.swapgs");
        StateDiff d = s.step(1).diff();
        // observed-linux-6.1.md: swapgs moves GS.base 0x6b6b6b6b6000 -> 0xffff88800f800000
        StateDiff.RegChange gs = d.register(Reg.GS_BASE).orElseThrow();
        assertThat(gs.before().value()).isEqualTo(0x6b6b6b6b6000L);
        assertThat(gs.after().value()).isEqualTo(0xffff88800f800000L);
        assertThat(d.memory()).isEmpty();

        Session w = Session.defaults();
        StateDiff whole = w.run().diff();
        assertThat(new String(whole.terminal().orElseThrow().after())).isEqualTo("hi\n");
    }

    @Test
    void stopsSayWhy() {
        Session s = Session.defaults();
        s.addBreakpoint("c.vfs_write");
        StepReport r = s.cont();
        assertThat(r.stop().kind()).isEqualTo(Stop.Kind.BREAKPOINT);
        assertThat(r.stop().breakpoint().orElseThrow().id()).isEqualTo(1);
        assertThat(r.stop().phase()).contains("c.vfs_write");
        assertThat(s.step(3).stop().kind()).isEqualTo(Stop.Kind.COUNT);
        assertThat(s.run().stop().kind()).isEqualTo(Stop.Kind.END);
        assertThat(s.step(1).stop().kind()).isEqualTo(Stop.Kind.NONE); // nothing left to run
        assertThat(s.back(1000).stop().kind()).isEqualTo(Stop.Kind.START);

        Session f = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        f.addWatch(Target.parse("rcx").orElseThrow());
        Stop.WatchHit hit = f.cont().stop().watch().orElseThrow();
        assertThat(hit.after().value()).isEqualTo(0x401b29L); // SYSCALL put the return RIP in RCX (reference §4.1)

        Session gp = new Session(KernelConfig.defaults().withVersion(KernelVersion.V6_1), UserProgram.seedWrite());
        gp.goTo("exit.ibrs_exit");
        gp.setPtRegs(dev.sysstep.core.kernel.PtRegs.field("cx").orElseThrow(), 0x800000000000L);
        assertThat(gp.run().stop().kind()).isEqualTo(Stop.Kind.FAULT); // SYSRET #GP in ring 0 on Intel (reference §4.4)
    }

    @Test
    void backwardReportsListTheUndoneInstructionsAndTheRestoredValues() {
        Session s = Session.defaults();
        s.goTo("entry.save_user_rsp");
        int before = s.position();
        s.step(1);
        StepReport back = s.back(1);
        assertThat(back.forward()).isFalse();
        assertThat(back.to()).isEqualTo(before);
        assertThat(back.steps()).hasSize(1);
        // TSS.sp2 (%gs:0x6014) goes back from the user RSP to 0
        assertThat(back.diff().memory()).singleElement().satisfies(m -> {
            assertThat(m.address()).isEqualTo(0xffff88800f806014L);
            assertThat(m.before()).isEqualTo(0x427000L);
            assertThat(m.after()).isZero();
        });
    }
}
