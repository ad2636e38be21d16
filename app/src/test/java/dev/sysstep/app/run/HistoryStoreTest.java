package dev.sysstep.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file never loses a user's lines (issue 9, findings 8 and 9). */
class HistoryStoreTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotUtf8IsLoadedButNeverWritten() throws IOException {
        Path h = dir.resolve("h");
        byte[] old = {'s', 't', 'e', 'p', '\n', (byte) 0xff, 'x', '\n', 'r', 'e', 'g', 's', '\n', 'a', '\n', 'b', '\n'};
        Files.write(h, old);
        HistoryStore s = new HistoryStore(h);
        assertThat(s.load()).hasSize(5).contains("step", "regs");
        assertThat(s.takeProblem()).contains("not all UTF-8");
        s.append("where");
        assertThat(Files.readAllBytes(h)).isEqualTo(old);
    }

    @Test
    void anUnreadableFileIsNeverOverwritten() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path h = Files.writeString(dir.resolve("h"), "a\nb\nc\n");
        Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("-w-------"));
        HistoryStore s = new HistoryStore(h);
        assertThat(s.load()).isEmpty();
        assertThat(s.takeProblem()).contains("not loaded and not saved");
        s.append("where");
        Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readAllLines(h)).containsExactly("a", "b", "c");
    }

    @Test
    void aDirectoryIsReportedAndTheSessionGoesOn() {
        HistoryStore s = new HistoryStore(dir);
        assertThat(s.load()).isEmpty();
        assertThat(s.takeProblem()).contains("not a regular file");
        s.append("where");
        assertThat(s.takeProblem()).isNull();
    }

    @Test
    void twoSessionsOnOneFileInterleave() throws IOException {
        Path h = dir.resolve("h");
        HistoryStore a = new HistoryStore(h);
        HistoryStore b = new HistoryStore(h);
        a.load();
        b.load();
        a.append("a1");
        b.append("b1");
        a.append("a2");
        b.append("b2");
        assertThat(Files.readAllLines(h)).containsExactly("a1", "b1", "a2", "b2");
        assertThat(new HistoryStore(h).load()).containsExactly("a1", "b1", "a2", "b2");
    }

    @Test
    void aSymlinkAndTheFilesModeAreKept() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "old\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        HistoryStore s = new HistoryStore(link);
        s.load();
        s.append("new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(real)).containsExactly("old", "new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-r-----");
    }

    @Test
    void aNewFileIsPrivateAndAGrownOneIsTrimmedToTheNewest() throws IOException {
        Path h = dir.resolve("sub/h");
        HistoryStore s = new HistoryStore(h);
        s.load();
        s.append("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(h))).isEqualTo("rw-------");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2 * HistoryStore.MAX_ENTRIES + 5; i++) {
            many.append("cmd").append(i).append('\n');
        }
        Files.writeString(h, many);
        List<String> loaded = new HistoryStore(h).load();
        assertThat(loaded).hasSize(HistoryStore.MAX_ENTRIES).endsWith("cmd" + (2 * HistoryStore.MAX_ENTRIES + 4));
        assertThat(Files.readAllLines(h)).hasSize(HistoryStore.MAX_ENTRIES);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(h))).isEqualTo("rw-------");
    }

    @Test
    void multiLineAndBlankEntriesAreNotWritten() throws IOException {
        Path h = dir.resolve("h");
        HistoryStore s = new HistoryStore(h);
        s.load();
        s.append("a\nb");
        s.append("  ");
        s.append("ok");
        assertThat(Files.readAllLines(h)).containsExactly("ok");
    }
}
