package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each kernel difference is named once, as a predicate of KernelVersion decided from the release that
 * introduced it: outside KernelVersion no code names a profile to compare with it (issue 7). Only the
 * default profile may be named, where the defaults are chosen.
 */
class KernelDifferencesTest {
    private static final Pattern PROFILE = Pattern.compile("KernelVersion\\.V\\d+_\\d+|[=!]=\\s*V\\d+_\\d+");

    @Test
    void noCodeOutsideKernelVersionComparesProfiles() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (f.endsWith("KernelVersion.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = PROFILE.matcher(lines.get(i));
                    boolean theDefault = f.endsWith("KernelConfig.java") && lines.get(i).contains("return new KernelConfig(");
                    if (m.find() && !theDefault) {
                        found.add(main.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("profiles named outside KernelVersion").isEmpty();
    }
}
