package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Snapshot;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stepping back restores exactly the state forward stepping had (product.md §8): after moving
 * forward and back, the session must equal a fresh session on the same scenario that was only ever
 * stepped forward to the same position — CPU, regions, process, C locals, what runs next, and every
 * byte of memory.
 */
class BackStepTest {

    /** Compares a session field by field with a fresh one stepped forward to the same position. */
    static void assertSameAsFresh(Session s, Session fresh, String what) {
        Snapshot a = s.state();
        Snapshot b = fresh.state();
        assertThat(s.position()).as(what + ": position").isEqualTo(fresh.position());
        assertThat(a.cpu()).as(what + ": cpu").isEqualTo(b.cpu());
        assertThat(a.regions()).as(what + ": regions").isEqualTo(b.regions());
        assertThat(a.process()).as(what + ": process").isEqualTo(b.process());
        assertThat(a.locals()).as(what + ": C locals").isEqualTo(b.locals());
        assertThat(a.next()).as(what + ": next instruction").isEqualTo(b.next());
        assertThat(a.outcome()).as(what + ": outcome").isEqualTo(b.outcome());
        assertThat(s.memory().nonZeroBytes()).as(what + ": memory").isEqualTo(fresh.memory().nonZeroBytes());
    }

    @Test
    void goingForwardAndBackEqualsAFreshSessionAtTheSamePosition() {
        Random r = new Random(42);
        List<KernelConfig> configs = Runs.allSwitchCombinations();
        for (int n = 0; n < 300; n++) {
            RandomizedPathTest.Scenario sc = RandomizedPathTest.scenario(r, configs);
            Session s = RandomizedPathTest.session(sc);
            int start = r.nextInt(20);
            if (start > 0) {
                s.stepi(start);
            }
            int pos = s.position();
            int k = 1 + r.nextInt(60);
            if (s.state().next() != null && s.state().next().insn() == 0) {
                int to = s.step(k).to();
                int phases = 0;
                for (int q = pos + 1; q <= to; q++) {
                    if (s.state(q).next() == null || s.state(q).next().insn() == 0) {
                        phases++;
                    }
                }
                if (phases > 0) {
                    s.back(phases);
                }
            } else {
                int moved = s.stepi(k).count();
                if (moved > 0) {
                    s.backi(moved);
                }
            }
            Session fresh = RandomizedPathTest.session(sc);
            if (pos > 0) {
                fresh.stepi(pos);
            }
            assertSameAsFresh(s, fresh, "scenario " + n + " at step " + pos);
        }
    }

    @Test
    void aWholeRunBackToTheStartAndForwardAgainEqualsFreshSessions() {
        Session s = Session.defaults();
        int end = s.run().to();
        s.goTo(0);
        assertSameAsFresh(s, Session.defaults(), "back at step 0");
        s.goTo(end);
        Session fresh = Session.defaults();
        fresh.run();
        assertSameAsFresh(s, fresh, "forward again to the end");
        for (int p : new int[] {7, 40, end - 3}) {
            s.goTo(p);
            Session f = Session.defaults();
            f.stepi(p);
            assertSameAsFresh(s, f, "goto " + p);
        }
    }

    @Test
    void anEditInThePastDropsTheRecordedFutureAndSurvivesBackAndForth() {
        Session s = Session.defaults();
        s.goTo("c.syscall_exit_to_user_mode");
        int pos = s.position();
        s.setPtRegs(PtRegs.field("cx").orElseThrow(), 0x401b40L);
        assertThat(s.recorded()).isEqualTo(pos);
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind().label()).isEqualTo("iret");
        s.goTo(pos - 1);
        s.goTo(pos);
        assertThat(s.memory().read64(0xffffc90000013f58L + 88)).isEqualTo(0x401b40L); // pt_regs->cx, reference §2.1
        s.goTo(pos - 1);
        assertThat(s.memory().read64(0xffffc90000013f58L + 88)).isEqualTo(0x401b29L); // the return RIP again
    }
}
