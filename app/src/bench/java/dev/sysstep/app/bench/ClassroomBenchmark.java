package dev.sysstep.app.bench;

import dev.sysstep.app.Main;
import dev.sysstep.app.cli.Env;
import dev.sysstep.app.teach.Exporters;
import dev.sysstep.app.teach.Frame;
import dev.sysstep.app.teach.Handout;
import dev.sysstep.app.teach.Lecture;
import dev.sysstep.app.teach.Lessons;
import dev.sysstep.app.teach.Screen;
import dev.sysstep.app.view.Renderer;
import dev.sysstep.app.view.Theme;
import dev.sysstep.core.session.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The classroom targets of issue 12, as timed runs in one JVM (after start-up, as the targets say):
 * {@code present} draws a phase in under 50 ms of computation; {@code export} of the longest lesson
 * takes under 1 s; {@code grade} runs 200 scripts of the demo's size in under 5 s.
 *
 * <p>Run with {@code mvn -Pbench -DskipTests verify}; arguments: the repository root.
 */
public final class ClassroomBenchmark {
    private ClassroomBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Lessons.Lesson longest = Lessons.all().stream().max((a, b) -> Integer.compare(a.lines().size(), b.lines().size()))
                .orElseThrow();

        long t0 = System.nanoTime();
        Lecture first = Lecture.of(Session.defaults(), longest.source(), longest.lines(), 250_000, 10_000_000);
        String html = Exporters.html(Handout.of(longest.title(), first.frames()));
        double exportFirst = ms(t0);
        double[] exports = new double[10];
        for (int i = 0; i < exports.length; i++) {
            long t = System.nanoTime();
            Lecture l = Lecture.of(Session.defaults(), longest.source(), longest.lines(), 250_000, 10_000_000);
            Exporters.html(Handout.of(longest.title(), l.frames()));
            exports[i] = ms(t);
        }
        System.out.printf("export of the longest lesson (%s, %d frames, %d KiB of HTML): first %.1f ms, median %.1f ms "
                + "(target < 1000 ms)%n", longest.name(), first.frames().size(), html.length() / 1024, exportFirst,
                median(exports));

        Renderer style = new Renderer(true, Theme.DARK, () -> 80);
        List<Frame> frames = first.frames();
        double[] draws = new double[frames.size()];
        double firstDraw = 0;
        for (int size = 0; size < 2; size++) {
            int w = size == 0 ? 80 : 160;
            int h = size == 0 ? 24 : 48;
            for (int i = 0; i < frames.size(); i++) {
                long t = System.nanoTime();
                Screen.render(frames.get(i), i, frames.size(), w, h, Screen.Overlay.NONE, style);
                draws[i] = ms(t);
                if (size == 0 && i == 0) {
                    firstDraw = draws[i];
                }
            }
            System.out.printf("present at %dx%d: first draw %.2f ms, median %.3f ms, worst %.2f ms over %d screens "
                    + "(target < 50 ms)%n", w, h, firstDraw, median(draws), Arrays.stream(draws).max().orElse(0),
                    frames.size());
            firstDraw = draws[0];
        }

        Path dir = Files.createTempDirectory("sysstep-grade");
        String demo = Files.readString(root.resolve("app/src/test/resources/scripts/demo.sysstep"));
        List<String> argv = new ArrayList<>(List.of("grade"));
        for (int i = 0; i < 200; i++) {
            Path p = dir.resolve("student" + i + ".sysstep");
            Files.writeString(p, demo);
            argv.add(p.toString());
        }
        for (int round = 0; round < 3; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Env env = new Env(Map.of(), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                    new PrintStream(new ByteArrayOutputStream(), true), false, false, dir);
            long t = System.nanoTime();
            int code = Main.run(argv.toArray(String[]::new), env);
            System.out.printf("grade of 200 demo scripts, round %d: %.0f ms, exit %d, %s (target < 5000 ms)%n", round + 1,
                    ms(t), code, out.toString().lines().reduce((a, b) -> b).orElse(""));
        }
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
