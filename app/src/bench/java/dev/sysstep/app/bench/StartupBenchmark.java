package dev.sysstep.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wall time from launch to exit of the 60-command demo script (every phase of the write, diffs on,
 * colour off), for the launcher as users run it and for each JVM flag it uses, so that each flag's
 * effect is measured rather than assumed. Runs are interleaved and the median is reported. Also the
 * time from launch to the REPL's first prompt in a real terminal, when tmux is there.
 *
 * <p>And the comparisons of issue 11, in the same rounds: {@code ./sysstep --version} against the
 * JVM's own start ({@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version}), target at most
 * 2x; the demo script against gdb stepping a real write in batch mode (src/bench/gdb: 60 commands on
 * a static write.c, built with gcc here), target at most 1.5x. Without gcc or gdb that comparison is
 * skipped and says why.
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path launcher = root.resolve("sysstep");
        Path jar = root.resolve("app/target/sysstep.jar");
        Path jsa = root.resolve("app/target/sysstep.jsa");
        String demo = root.resolve("app/src/test/resources/scripts/demo.sysstep").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // The launcher builds if needed and records the class-data-sharing archive on its first run.
        exec(List.of(launcher.toString(), "-V"));
        if (!Files.exists(jsa)) {
            throw new IllegalStateException("the launcher did not record " + jsa);
        }
        List<String> cds = List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        List<String> c1 = List.of("-XX:TieredStopAtLevel=1");
        List<String> serial = List.of("-XX:+UseSerialGC");
        List<String> noPerf = List.of("-XX:-UsePerfData");
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put(LAUNCHER, List.of(launcher.toString(), "--color=never", demo));
        configs.put("java -jar, no flags", command(java, jar, demo));
        configs.put("  only CDS archive", command(java, jar, demo, cds));
        configs.put("  only -XX:TieredStopAtLevel=1", command(java, jar, demo, c1));
        configs.put("  only -XX:+UseSerialGC", command(java, jar, demo, serial));
        configs.put("  only -XX:-UsePerfData", command(java, jar, demo, noPerf));
        configs.put("  all four", command(java, jar, demo, cds, c1, serial, noPerf));
        configs.put("  all but CDS", command(java, jar, demo, c1, serial, noPerf));
        configs.put("  all but TieredStopAtLevel=1", command(java, jar, demo, cds, serial, noPerf));
        configs.put("  all but UseSerialGC", command(java, jar, demo, cds, c1, noPerf));
        configs.put("  all but -UsePerfData", command(java, jar, demo, cds, c1, serial));
        configs.put(JVM_START, List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-version"));
        configs.put(VERSION, List.of(launcher.toString(), "--version"));
        Path gdbProgram = gdbProgram(root);
        if (gdbProgram != null) {
            configs.put(GDB_DEMO, List.of("gdb", "-batch", "-nx", "-x", root.resolve("app/src/bench/gdb/demo.gdb").toString(),
                    gdbProgram.toString()));
        }

        Map<String, long[]> times = new LinkedHashMap<>();
        configs.keySet().forEach(k -> times.put(k, new long[runs]));
        for (int round = -2; round < runs; round++) {
            for (Map.Entry<String, List<String>> c : configs.entrySet()) {
                long t = exec(c.getValue());
                if (round >= 0) {
                    times.get(c.getKey())[round] = t;
                }
            }
        }
        System.out.println("machine: " + machine());
        System.out.printf("wall time launch to exit, %d interleaved runs each (the demo: demo.sysstep, 60 commands):%n", runs);
        for (Map.Entry<String, long[]> e : times.entrySet()) {
            long[] t = e.getValue().clone();
            Arrays.sort(t);
            System.out.printf("  %-44s median %4d ms   min %4d ms   max %4d ms%n", e.getKey(), ms(t[t.length / 2]),
                    ms(t[0]), ms(t[t.length - 1]));
        }
        System.out.println("targets (issue 11), medians of the same rounds:");
        long version = median(times.get(VERSION));
        long jvm = median(times.get(JVM_START));
        System.out.printf("  ./sysstep --version %d ms = %.2f x the JVM's own start (%d ms); target <= 2 x: %s%n", ms(version),
                (double) version / jvm, ms(jvm), version <= 2 * jvm ? "met" : "NOT met");
        long demoTime = median(times.get(LAUNCHER));
        if (gdbProgram != null) {
            long gdb = median(times.get(GDB_DEMO));
            System.out.printf("  ./sysstep demo.sysstep %d ms = %.2f x gdb's batch demo of a real write (%d ms); target <= 1.5 x: %s%n",
                    ms(demoTime), (double) demoTime / gdb, ms(gdb), demoTime * 2 <= gdb * 3 ? "met" : "NOT met");
        }
        firstPrompt(launcher, runs);
    }

    private static final String LAUNCHER = "./sysstep (CDS, C1, serial GC, no perf data)";
    private static final String JVM_START = "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version";
    private static final String VERSION = "./sysstep --version";
    private static final String GDB_DEMO = "gdb -batch: 60 commands on a real write";

    private static long median(long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** write.c built static with gcc, for gdb to step; null (and a line saying why) without gcc or gdb. */
    private static Path gdbProgram(Path root) throws IOException, InterruptedException {
        for (String tool : List.of("gcc", "gdb")) {
            if (!onPath(tool)) {
                System.out.println("gdb comparison skipped: " + tool + " is not installed");
                return null;
            }
        }
        Path dir = Files.createTempDirectory("sysstep-bench-gdb");
        Path program = dir.resolve("write");
        exec(List.of("gcc", "-static", "-O0", "-g", "-o", program.toString(),
                root.resolve("app/src/bench/gdb/write.c").toString()));
        return program;
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @SafeVarargs
    private static List<String> command(String java, Path jar, String demo, List<String>... flags) {
        List<String> c = new ArrayList<>(List.of(java));
        for (List<String> f : flags) {
            c.addAll(f);
        }
        c.addAll(List.of("-jar", jar.toString(), "--color=never", demo));
        return c;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Runs a command to its end with output discarded; returns the wall time. */
    private static long exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        long t = System.nanoTime() - t0;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
        return t;
    }

    /** Launch to the first "(sysstep)" prompt on a tmux pane, polled every 5 ms (tmux itself costs ~15 ms). */
    private static void firstPrompt(Path launcher, int runs) throws IOException, InterruptedException {
        if (!tmuxAvailable()) {
            System.out.println("REPL first prompt: not measured (tmux is not installed)");
            return;
        }
        String socket = "sysstep-bench-" + ProcessHandle.current().pid();
        Path home = Files.createTempDirectory("sysstep-bench-home");
        long[] t = new long[runs];
        try {
            for (int i = -2; i < runs; i++) {
                long t0 = System.nanoTime();
                run("tmux", "-L", socket, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "env",
                        "TERM=xterm-256color", "HOME=" + home, launcher.toString());
                long deadline = t0 + TimeUnit.SECONDS.toNanos(20);
                String screen = "";
                while (!screen.contains("(sysstep)")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no prompt after 20 s; the pane showed:\n" + screen);
                    }
                    Thread.sleep(5);
                    screen = run("tmux", "-L", socket, "capture-pane", "-p", "-t", "b");
                }
                if (i >= 0) {
                    t[i] = System.nanoTime() - t0;
                }
                // quit, and wait for the session to end before the next start
                run("tmux", "-L", socket, "send-keys", "-t", "b", "quit", "Enter");
                while (run("tmux", "-L", socket, "has-session", "-t", "b").isEmpty()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
        } finally {
            run("tmux", "-L", socket, "kill-server");
        }
        Arrays.sort(t);
        System.out.printf("REPL first prompt in tmux (./sysstep), %d runs: median %d ms, min %d ms%n", runs,
                ms(t[runs / 2]), ms(t[0]));
    }

    private static boolean tmuxAvailable() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
