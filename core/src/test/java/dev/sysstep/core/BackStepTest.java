package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Snapshot;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stepping back restores exactly the earlier state: N steps then N back is the identity (product.md §8). */
class BackStepTest {

    record Full(Snapshot snapshot, Map<Long, Byte> memory) {
    }

    static Full capture(Session s) {
        return new Full(s.state(), s.memory().nonZeroBytes());
    }

    @Test
    void nPhasesForwardThenNBackIsTheIdentity() {
        Random r = new Random(42);
        List<KernelConfig> configs = Runs.allSwitchCombinations();
        for (int n = 0; n < 400; n++) {
            RandomizedPathTest.Scenario sc = RandomizedPathTest.scenario(r, configs);
            Session s = RandomizedPathTest.session(sc);
            int start = r.nextInt(20);
            if (start > 0) {
                s.stepi(start);
            }
            Full before = capture(s);
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
                assertThat(s.position()).as("scenario %d after %d phases", n, phases).isEqualTo(pos);
            } else {
                int moved = s.stepi(k).count();
                if (moved > 0) {
                    s.backi(moved);
                }
            }
            Full after = capture(s);
            assertThat(s.position()).isEqualTo(pos);
            assertThat(after.snapshot()).as("scenario %d", n).isEqualTo(before.snapshot());
            assertThat(after.memory()).as("scenario %d memory", n).isEqualTo(before.memory());
        }
    }

    @Test
    void backAndForwardAgainReplaysTheSameSteps() {
        Session s = Session.defaults();
        s.run();
        int end = s.position();
        Full atEnd = capture(s);
        s.goTo(0);
        assertThat(s.memory().nonZeroBytes()).isEqualTo(new Session(KernelConfig.defaults(), UserProgram.seedWrite())
                .memory().nonZeroBytes());
        s.goTo(end);
        assertThat(capture(s)).isEqualTo(atEnd);
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
        assertThat(s.memory().read64(s.ptRegsAddress() + PtRegs.CX)).isEqualTo(0x401b40L);
        s.goTo(pos - 1);
        assertThat(s.memory().read64(s.ptRegsAddress() + PtRegs.CX)).isEqualTo(0x401b29L);
    }
}
