package dev.sysstep.app.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.sysstep.app.Main;
import dev.sysstep.app.cli.Env;
import dev.sysstep.core.session.Session;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap a script of 100,000 steps needs: the write path run to its end and reset, over and over,
 * through the real command line (-q, so the measure is the session, not the text). Reports the
 * largest live heap seen after any collection (what the program holds, not garbage) and the peak
 * heap the JVM used; run it with a small fixed heap to show the script fits.
 */
public final class ScriptMemory {
    private ScriptMemory() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Session probe = Session.defaults();
        probe.run();
        int perRun = probe.position(); // instructions of the default write path

        List<String> lines = new ArrayList<>();
        for (int done = 0; done < steps; done += perRun) {
            lines.add("run");
            lines.add("reset");
        }
        Path script = Files.createTempFile("sysstep-100k", ".sysstep");
        Files.write(script, lines, StandardCharsets.UTF_8);

        AtomicLong maxLive = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .filter(u -> u != null).mapToLong(MemoryUsage::getUsed).sum();
                    maxLive.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Env env = new Env(Map.of(), new ByteArrayInputStream(new byte[0]), nowhere, System.err, false, false, null);
        long t0 = System.nanoTime();
        int code = Main.run(new String[] {"-q", script.toString()}, env);
        long t = System.nanoTime() - t0;
        Files.delete(script);
        if (code != 0) {
            throw new IllegalStateException("the script exited " + code);
        }
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("script of %d lines, %d steps: %.1f s; max live heap after GC %.1f MiB; peak heap used %.1f MiB "
                + "(-Xmx %d MiB)%n", lines.size(), lines.size() / 2 * perRun, t / 1e9, maxLive.get() / 1048576.0,
                peak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
    }
}
