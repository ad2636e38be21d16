package dev.sysstep.app.teach;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped lessons: listed, each 10-15 minutes, each running to its end with every expect holding. */
class LessonsTest {
    static Stream<String> names() {
        return Lessons.all().stream().map(Lessons.Lesson::name);
    }

    @Test
    void theIndexNamesEveryLessonFileAndAtLeastSix() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/lessons"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sysstep"))
                    .map(n -> n.substring(0, n.length() - ".sysstep".length())).sorted().toList();
        }
        assertThat(names().sorted().toList()).isEqualTo(files);
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void lessonsListsNameMinutesTitleOneALine() {
        Cli.Result r = cli().run("lessons");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize((int) names().count());
        assertThat(lines.get(0)).startsWith("syscall").contains("min");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @ParameterizedTest
    @MethodSource("names")
    void runsWithoutATerminalAndEveryExpectHolds(String name) {
        Lessons.Lesson l = Lessons.named(name);
        assertThat(l.minutes()).isBetween(10, 15);
        Cli.Result r = cli().run("lesson", "-q", name);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(l.lines()).anyMatch(line -> line.startsWith("expect "));
    }

    @Test
    void aLessonThatDoesNotExistIsAUsageError() {
        Cli.Result r = cli().run("lesson", "nosuch");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no lesson 'nosuch'").contains("syscall");
    }

    @Test
    void pausesTellTheirTextWithoutATerminal() {
        Cli.Result r = cli().run("lesson", "syscall");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("LSTAR holds the entry point");
    }
}
