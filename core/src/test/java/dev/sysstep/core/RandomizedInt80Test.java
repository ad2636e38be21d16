package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random registers, numbers and flags through {@code int $0x80} from a 64-bit process: whatever the
 * kernel does, IRET gives back every GPR but RAX and the flags from the frame (kernel-other-entries.md
 * §2.6, §2.7). Seeded: a failure names the scenario.
 */
class RandomizedInt80Test {
    private static final long SEED = 0x1e80L;
    private static final long[] NUMBERS = {3, 4, 20, 0, 6, 45, 224, 1000, -1, 0x100000004L, 4, 20};

    @Test
    void everyGprButRaxAndTheFlagsComeBackAfterIret() {
        Random r = new Random(SEED);
        System.out.println("RandomizedInt80Test seed: " + SEED);
        KernelVersion[] versions = {KernelVersion.V5_14, KernelVersion.V6_1, KernelVersion.V7_0};
        long flagBits = RFlags.ARITH | RFlags.TF | RFlags.DF | RFlags.AC | RFlags.NT;
        int returned = 0;
        for (int n = 0; n < 300; n++) {
            KernelConfig c = KernelConfig.defaults().withVersion(versions[r.nextInt(versions.length)])
                    .withKpti(r.nextBoolean()).withPcid(r.nextBoolean());
            Session s = new Session(c, UserProgram.bareVia(Entry.INT80));
            for (Reg g : Reg.gprs()) {
                if (g != Reg.RSP) {
                    s.setRegister(g, r.nextInt(4) == 0 ? 0x47cfc4L : r.nextLong());
                }
            }
            s.setRegister(Reg.RAX, NUMBERS[r.nextInt(NUMBERS.length)]);
            long flags = (r.nextLong() & flagBits) | RFlags.IF | RFlags.FIXED;
            s.setRegister(Reg.RFLAGS, flags);
            CpuState before = s.state().cpu();
            s.run();
            Outcome.Kind k = s.result().orElseThrow().outcome().kind();
            String what = "scenario " + n + " " + c.version().label() + " rax=0x" + Long.toHexString(before.get(Reg.RAX));
            if (k == Outcome.Kind.EXITED || k == Outcome.Kind.NOT_SIMULATED) {
                continue;
            }
            assertThat(k).as(what).isEqualTo(Outcome.Kind.IRET);
            returned++;
            CpuState after = s.state().cpu();
            for (Reg g : Reg.gprs()) {
                if (g != Reg.RAX) {
                    assertThat(after.get(g)).as(what + " " + g.label()).isEqualTo(before.get(g));
                }
            }
            assertThat(after.get(Reg.RFLAGS)).as(what + " rflags").isEqualTo(flags);
            assertThat(after.get(Reg.RIP)).as(what).isEqualTo(0x401b29L);
            assertThat(after.get(Reg.CS)).isEqualTo(0x33);
            assertThat(after.get(Reg.GS_BASE)).isEqualTo(before.get(Reg.GS_BASE));
            assertThat(after.get(Reg.CR3)).isEqualTo(before.get(Reg.CR3));
        }
        assertThat(returned).isGreaterThan(100);
    }

    @Test
    void theIa32AndX64NumbersOfGetpidDiffer() {
        Session s = new Session(KernelConfig.defaults(), UserProgram.via(Entry.INT80, 20, List.of(), null));
        s.run();
        assertThat(s.state().cpu().get(Reg.RAX)).isEqualTo(4242);
        assertThat(s.result().orElseThrow().syscall()).isEqualTo("getpid");
    }
}
