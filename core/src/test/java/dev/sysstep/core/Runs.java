package dev.sysstep.core;

import dev.sysstep.core.code.Location;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Snapshot;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the core tests: profiles, and finding positions on a run's path. */
public final class Runs {
    private Runs() {
    }

    public static KernelConfig config(KernelVersion v) {
        return KernelConfig.defaults().withVersion(v);
    }

    public static Stream<KernelVersion> versions() {
        return Stream.of(KernelVersion.values());
    }

    /** Every combination of the switches, for every version: 4 x 2^8 profiles. */
    public static List<KernelConfig> allSwitchCombinations() {
        List<KernelConfig> out = new ArrayList<>();
        for (KernelVersion v : KernelVersion.values()) {
            for (int bits = 0; bits < 256; bits++) {
                Vendor vendor = (bits & 8) != 0 ? Vendor.AMD : Vendor.INTEL;
                KernelConfig c = KernelConfig.defaults().withVersion(v)
                        .withKpti((bits & 1) != 0).withPcid((bits & 2) != 0).withLa57((bits & 4) != 0)
                        .withVendor(vendor)
                        .withMitigations((bits & 16) != 0)
                        .withStackleak((bits & 32) != 0).withX32((bits & 64) != 0)
                        .withIbt((bits & 128) != 0 ? KernelConfig.Choice.ON : KernelConfig.Choice.OFF);
                out.add(c);
            }
        }
        return out;
    }

    public static Session run(KernelConfig c, UserProgram p) {
        Session s = new Session(c, p);
        s.run();
        return s;
    }

    /** Position just before the first instruction of the first occurrence of a phase. */
    public static int before(Session s, String phaseId) {
        for (Session.PathEntry e : s.path()) {
            if (e.phase().id().equals(phaseId)) {
                return e.position();
            }
        }
        throw new AssertionError("phase " + phaseId + " not on the path");
    }

    /** Position just after the last instruction of the first occurrence of a phase. */
    public static int after(Session s, String phaseId) {
        int p = before(s, phaseId);
        int end = s.endPosition();
        int q = p + 1;
        while (q < end) {
            Location next = s.state(q).next();
            if (next == null || !s.code().phaseAt(next).id().equals(phaseId) || next.insn() == 0) {
                break;
            }
            q++;
        }
        return q;
    }

    public static boolean onPath(Session s, String phaseId) {
        return s.path().stream().anyMatch(e -> e.phase().id().equals(phaseId));
    }

    public static Snapshot stateAfter(Session s, String phaseId) {
        return s.state(after(s, phaseId));
    }

    public static long reg(Session s, int pos, Reg r) {
        return s.state(pos).cpu().get(r);
    }

    /** The executed instructions of a whole run, in order. */
    public static List<Step> steps(Session s) {
        int end = s.endPosition();
        List<Step> out = new ArrayList<>();
        for (int i = 1; i <= end; i++) {
            out.add(s.stepAt(i));
        }
        return out;
    }

    /** Reads memory at a position by moving there (the session returns to where it was). */
    public static long memAt(Session s, int pos, long address) {
        int here = s.position();
        s.goTo(pos);
        long v = s.memory().read64(address);
        s.goTo(here);
        return v;
    }
}
