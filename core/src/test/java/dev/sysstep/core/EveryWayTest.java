package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.Examples;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Every way in on every profile and switch combination runs to an ending, and stepping back to any
 * point and forward again gives the machine a fresh session reaches there.
 */
class EveryWayTest {
    @Test
    void everyWayOnEveryProfileEndsAndStepsBackExactly() {
        int n = 0;
        for (KernelConfig c : Runs.allSwitchCombinations()) {
            for (Entry e : Entry.values()) {
                n++;
                Session s = new Session(c, Examples.of(e));
                s.run();
                Outcome o = s.result().orElseThrow().outcome();
                String what = e + " on " + c;
                assertThat(o).as(what).isNotNull();
                if (e == Entry.LIBC || e == Entry.SYSCALL) {
                    assertThat(o.kind()).as(what).isIn(EnumSet.of(Outcome.Kind.SYSRET, Outcome.Kind.IRET));
                }
                if (n % 7 == 0) {
                    int end = s.position();
                    int mid = end / 2;
                    s.goTo(mid);
                    Session fresh = new Session(c, Examples.of(e));
                    fresh.stepi(mid);
                    assertThat(s.state().cpu()).as(what + " at " + mid).isEqualTo(fresh.state().cpu());
                    s.run();
                    assertThat(s.position()).isEqualTo(end);
                }
            }
        }
    }
}
