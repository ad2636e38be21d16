package dev.sysstep.core.bench;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * What history costs per step: the heap retained by sessions that ran the whole path, minus the
 * same sessions before they ran, divided by the steps recorded. Sessions share one build, as a
 * REPL's single session does. Target (issue 4): under 1 KiB per step. Run it with a fixed heap
 * and the serial collector so that "used after a full GC" is a stable figure.
 */
public final class HistoryMemory {
    private HistoryMemory() {
    }

    private static long usedAfterGc(MemoryMXBean mx) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    public static void main(String[] args) throws InterruptedException {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        LinuxPath.Build build = LinuxPath.build(KernelConfig.defaults(), UserProgram.seedWrite());
        List<Session> kept = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            kept.add(new Session(build));
        }
        long before = usedAfterGc(mx);
        long steps = 0;
        for (Session s : kept) {
            s.run();
            steps += s.position();
        }
        long after = usedAfterGc(mx);
        double perStep = (double) (after - before) / steps;
        System.out.printf("history: %d sessions, %d steps recorded, %d bytes retained: %.0f bytes per step%n",
                sessions, steps, after - before, perStep);
        // a view that showed every step keeps the replayed steps too
        for (Session s : kept) {
            s.history().steps();
        }
        long shown = usedAfterGc(mx);
        System.out.printf("history with every step replayed for a view: %d bytes retained: %.0f bytes per step%n",
                shown - before, (double) (shown - before) / steps);
        System.out.println(kept.size() == sessions ? "" : "unreachable");
    }
}
