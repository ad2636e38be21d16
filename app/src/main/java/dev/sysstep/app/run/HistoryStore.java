package dev.sysstep.app.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The REPL's history file, read at start and rewritten whole after each command: a temporary file
 * moved over the old one, so the file is always either the old history or the new one.
 */
public final class HistoryStore {
    static final int MAX_ENTRIES = 1000;
    private final Path file;

    public HistoryStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public List<String> load() {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.size() > MAX_ENTRIES ? lines.subList(lines.size() - MAX_ENTRIES, lines.size()) : lines;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Writes the entries whole or not at all; a failure is reported, never thrown. */
    public String save(List<String> entries) {
        if (file == null) {
            return null;
        }
        List<String> keep = new ArrayList<>();
        for (String e : entries) {
            if (!e.isBlank() && e.indexOf('\n') < 0) {
                keep.add(e);
            }
        }
        if (keep.size() > MAX_ENTRIES) {
            keep = keep.subList(keep.size() - MAX_ENTRIES, keep.size());
        }
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            Files.write(tmp, keep, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (IOException e) {
            return "history not saved to " + file + ": " + e.getMessage();
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file only exists if the move failed
                }
            }
        }
    }
}
