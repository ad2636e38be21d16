package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A session runs its machine fast and replays the steps people look at (product.md §8): the
 * replayed steps must agree with the machine that ran, a report must keep its meaning after later
 * edits, and a path that ends in a fault must step back and forward exactly.
 */
class ReplayTest {

    @Test
    void replayedStepsAgreeWithAFreshSessionAtEveryPosition() {
        Random r = new Random(7);
        List<KernelConfig> configs = Runs.allSwitchCombinations();
        for (int n = 0; n < 40; n++) {
            RandomizedPathTest.Scenario sc = RandomizedPathTest.scenario(r, configs);
            Session s = RandomizedPathTest.session(sc);
            int end = s.run().to();
            Session fresh = RandomizedPathTest.session(sc);
            for (int p = 1; p <= end; p++) {
                fresh.stepi(1);
                Step st = s.stepAt(p);
                assertThat(st.after()).as("scenario %d, step %d: CPU after", n, p).isEqualTo(fresh.state().cpu());
                assertThat(st.afterState().next()).as("scenario %d, step %d: next", n, p).isEqualTo(fresh.state().next());
                java.util.Set<Long> seen = new java.util.HashSet<>();
                for (int i = st.writes().size() - 1; i >= 0; i--) {
                    MemWrite w = st.writes().get(i);
                    if (w.isWord() && seen.add(w.address())) {
                        assertThat(fresh.memory().readLong(w.address(), w.size()))
                                .as("scenario %d, step %d: store to 0x%x", n, p, w.address()).isEqualTo(w.afterValue());
                    }
                }
            }
        }
    }

    @Test
    void aReportKeepsItsMeaningAfterALaterEdit() {
        Session s = Session.defaults();
        StepReport first = s.goTo("c.syscall_exit_to_user_mode");
        int pos = first.to();
        long cxBefore = first.cpuAt(pos).get(Reg.RCX);
        s.setRegister(Reg.RCX, 0x1234L);
        s.setPtRegs(PtRegs.field("cx").orElseThrow(), 0x401b40L);
        s.run();
        // the report still shows the machine as it was when it was made
        assertThat(first.cpuAt(pos).get(Reg.RCX)).isEqualTo(cxBefore);
        assertThat(first.steps()).hasSize(pos);
        Session fresh = Session.defaults();
        fresh.goTo(pos);
        assertThat(first.steps().get(pos - 1).after()).isEqualTo(fresh.state().cpu());
        // and the session's own history now has the edit
        assertThat(s.state(pos).cpu().get(Reg.RCX)).isEqualTo(0x1234L);
    }

    @Test
    void aPathEndingInAFaultStepsBackAndForwardExactly() {
        // a non-canonical return address takes IRET, which raises #GP in the kernel (reference §2.2)
        Session s = SysretChecksTest.injected(KernelVersion.V6_1, "ip", 0x800000000000L, "cx", 0x800000000000L);
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.GP);
        int end = s.position();
        Step last = s.stepAt(end);
        assertThat(last.after()).as("the faulting instruction changes no register").isEqualTo(last.before());
        s.backi(1);
        Session fresh = SysretChecksTest.injected(KernelVersion.V6_1, "ip", 0x800000000000L, "cx", 0x800000000000L);
        fresh.goTo(end - 1);
        BackStepTest.assertSameAsFresh(s, fresh, "one before the fault");
        s.stepi(1);
        assertThat(s.position()).isEqualTo(end);
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.GP);
        assertThat(s.state().cpu().cpl()).isZero();
    }

    @Test
    void slotLabelsAreThoseOfThePositionNotOfALaterStore() {
        Session s = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        int end = s.run().to();
        // the first store that gives a slot a label, found from the replayed steps
        long address = -1;
        String label = null;
        int at = -1;
        for (int p = 1; p <= end && at < 0; p++) {
            for (MemWrite w : s.stepAt(p).writes()) {
                if (!w.label().isEmpty() && s.symbols().nameAt(w.address()).isEmpty()) {
                    address = w.address();
                    label = w.label();
                    at = p;
                    break;
                }
            }
        }
        assertThat(at).isPositive();
        s.goTo(at);
        assertThat(s.labelAt(address)).isEqualTo(label);
        s.goTo(at - 1);
        assertThat(s.labelAt(address)).isNotEqualTo(label);
    }
}
