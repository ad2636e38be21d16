package dev.sysstep.app.run;

import dev.sysstep.app.io.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The REPL's history file. Each line is appended as it is entered, as bash's histappend does, so
 * two sessions on one file interleave instead of the last one erasing the other; appending also
 * writes through a symlink and keeps the file's mode. A file that could not be read whole (not
 * UTF-8, unreadable, not a regular file) is never written: the session warns once and goes on.
 * The file is trimmed to its newest entries only when it was read cleanly and has grown to twice
 * the limit.
 */
public final class HistoryStore {
    static final int MAX_ENTRIES = 1000;
    /** Read at most this much of a history file: its end holds the newest entries. */
    private static final int MAX_READ = 4 << 20;

    private final Path file;
    private boolean writable;
    private String problem;

    public HistoryStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Why the history is not being saved, once, or null; asking clears it. */
    public String takeProblem() {
        String p = problem;
        problem = null;
        return p;
    }

    /** Reads the history, newest last, and decides whether new entries may be added to the file. */
    public List<String> load() {
        writable = false;
        if (file == null) {
            return List.of();
        }
        if (!Files.exists(file)) {
            writable = true; // created with the first entry
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            problem = "history not saved: " + file + " is not a regular file";
            return List.of();
        }
        byte[] bytes;
        try {
            bytes = tail(file);
        } catch (IOException e) {
            problem = "history not loaded and not saved: " + file + ": " + OutputFiles.reason(e);
            return List.of();
        }
        String text;
        boolean clean = true;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            clean = false;
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (!clean) {
            // shown with U+FFFD where the bytes were not UTF-8; the file itself is left alone
            problem = "history " + file + " is not all UTF-8: loaded, but not written (move it aside to start a new one)";
            return last(lines);
        }
        writable = true;
        if (lines.size() > 2 * MAX_ENTRIES && bytes.length < MAX_READ) {
            trim(last(lines));
        }
        return last(lines);
    }

    /** Adds one entered line to the file; a failure is said once (see {@link #takeProblem}) and never thrown. */
    public void append(String entry) {
        if (!writable || file == null || entry.isBlank() || entry.indexOf('\n') >= 0 || entry.indexOf('\r') >= 0) {
            return;
        }
        byte[] line = (entry + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                create(file);
            }
            // one write of the whole line in append mode: concurrent sessions' lines do not mix
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write(line);
            }
        } catch (IOException e) {
            writable = false;
            problem = "history not saved to " + file + ": " + OutputFiles.reason(e);
        }
    }

    /** A new history file is private to its owner, as bash makes it. */
    private static void create(Path p) throws IOException {
        try {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(p);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another session made it first: append to theirs
        }
    }

    private void trim(List<String> keep) {
        try {
            OutputFiles.write(file, out -> {
                for (String l : keep) {
                    out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
        } catch (OutputFiles.Unwritable e) {
            // the file keeps growing; nothing is lost
        }
    }

    private static List<String> last(List<String> lines) {
        return lines.size() > MAX_ENTRIES ? new ArrayList<>(lines.subList(lines.size() - MAX_ENTRIES, lines.size()))
                : new ArrayList<>(lines);
    }

    /** The file, or its last {@link #MAX_READ} bytes starting at a line. */
    private static byte[] tail(Path p) throws IOException {
        long size = Files.size(p);
        try (InputStream in = Files.newInputStream(p)) {
            if (size > MAX_READ) {
                in.skipNBytes(size - MAX_READ);
                byte[] b = in.readNBytes(MAX_READ);
                int nl = 0;
                while (nl < b.length && b[nl] != '\n') {
                    nl++;
                }
                return java.util.Arrays.copyOfRange(b, Math.min(nl + 1, b.length), b.length);
            }
            return in.readNBytes(MAX_READ);
        }
    }
}
