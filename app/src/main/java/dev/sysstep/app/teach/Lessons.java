package dev.sysstep.app.teach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lessons shipped in the jar: scripts under {@code lessons/}, in the order of {@code lessons/index},
 * each with a {@code #! title:} and a {@code #! minutes:} line.
 */
public final class Lessons {
    private Lessons() {
    }

    /** One lesson: its name (what {@code lesson NAME} takes), title, length in minutes, and script. */
    public record Lesson(String name, String title, int minutes, List<String> lines) {
        /** The name scripts and messages use for it: {@code lesson:NAME}. */
        public String source() {
            return "lessons/" + name + ".sysstep";
        }
    }

    /** Read from the jar once, when first asked for. */
    private static final class Shipped {
        static final List<Lesson> ALL = load();

        private static List<Lesson> load() {
            List<Lesson> out = new ArrayList<>();
            for (String name : read("index")) {
                if (!name.isBlank()) {
                    out.add(Lessons.load(name.strip()));
                }
            }
            return List.copyOf(out);
        }
    }

    public static List<Lesson> all() {
        return Shipped.ALL;
    }

    public static Optional<Lesson> find(String name) {
        return all().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The lesson, or an error naming the ones there are. */
    public static Lesson named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no lesson '" + name + "'; there are: "
                + String.join(", ", all().stream().map(Lesson::name).toList()) + " (sysstep lessons lists them)"));
    }

    private static Lesson load(String name) {
        List<String> lines = read(name + ".sysstep");
        String title = meta(lines, "title").orElse(name);
        int minutes = Integer.parseInt(meta(lines, "minutes").orElse("0"));
        return new Lesson(name, title, minutes, lines);
    }

    private static Optional<String> meta(List<String> lines, String key) {
        String prefix = "#! " + key + ":";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip()).findFirst();
    }

    private static List<String> read(String resource) {
        try (InputStream in = Lessons.class.getResourceAsStream("/lessons/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no lessons/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read lessons/" + resource + ": " + e.getMessage(), e);
        }
    }
}
