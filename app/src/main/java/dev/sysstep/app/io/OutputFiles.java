package dev.sysstep.app.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files the user names (the JSON trace, exports) so that no failure loses what was there:
 * a regular file is written to a temporary file in its own directory and renamed over it, after
 * following symlinks and with the old file's permissions (a new file gets the umask's); anything
 * else (a device, a FIFO, /dev/stdout, a file with several hard links) is written in place,
 * because replacing it would break what the user set up. Temporary files are removed on every
 * failure, and on SIGINT and SIGTERM.
 */
public final class OutputFiles {
    /** What to write, given the stream; it may fail. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A file that cannot be written, with a message that names it and says why. */
    public static final class Unwritable extends IOException {
        private static final long serialVersionUID = 1L;

        public Unwritable(String message) {
            super(message);
        }
    }

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the process is ending; nothing more can be done
                }
            }
        }, "sysstep-temp-cleanup"));
    }

    private OutputFiles() {
    }

    /** Fails now, with the reason, when {@code target} could obviously not be written (a directory, no such directory). */
    public static void check(Path target) throws Unwritable {
        if (Files.isDirectory(target)) {
            throw new Unwritable(target + ": is a directory");
        }
        if (writtenInPlace(target)) {
            if (Files.exists(target) && !Files.isWritable(target)) {
                throw new Unwritable(target + ": permission denied");
            }
            return;
        }
        Path dir = directoryOf(target);
        if (!Files.isDirectory(dir)) {
            throw new Unwritable(target + ": no such directory " + dir);
        }
        if (!Files.isWritable(dir)) {
            throw new Unwritable(target + ": cannot create files in " + dir + " (permission denied)");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new Unwritable(target + ": permission denied");
        }
    }

    /** Writes {@code target} whole, or leaves it as it was and says why. */
    public static void write(Path target, Content content) throws Unwritable {
        check(target);
        try {
            if (writtenInPlace(target)) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    content.writeTo(out);
                }
                return;
            }
            replace(Files.exists(target) ? target.toRealPath() : target.toAbsolutePath(), content);
        } catch (Unwritable e) {
            throw e;
        } catch (IOException e) {
            throw new Unwritable(target + ": " + reason(e));
        }
    }

    private static void replace(Path real, Content content) throws IOException {
        Path dir = real.getParent();
        Set<PosixFilePermission> mode = null;
        if (Files.exists(real)) {
            try {
                mode = Files.getPosixFilePermissions(real);
            } catch (UnsupportedOperationException e) {
                mode = null; // not a POSIX file system: the platform's default
            }
        }
        Path tmp = dir.resolve("." + real.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        PENDING.add(tmp);
        try {
            // created like any new file, so it gets the umask's mode unless the old file's is copied below
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode);
            }
            try {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    /**
     * Whether the file is written where it is rather than replaced: device and process paths
     * (/dev/stdout may be a pipe, or a file a shell redirected to), anything that is not a regular
     * file, and a regular file with more than one hard link.
     */
    static boolean writtenInPlace(Path target) {
        String s = target.toAbsolutePath().normalize().toString();
        if (s.startsWith("/dev/") || s.startsWith("/proc/")) {
            return true;
        }
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isRegularFile(target)) {
            return true;
        }
        try {
            Object links = Files.getAttribute(target, "unix:nlink");
            return links instanceof Integer n && n > 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Path directoryOf(Path target) {
        Path t = target;
        try {
            if (Files.isSymbolicLink(target) && Files.exists(target)) {
                t = target.toRealPath();
            }
        } catch (IOException e) {
            t = target;
        }
        Path parent = t.toAbsolutePath().getParent();
        return parent == null ? t.toAbsolutePath().getRoot() : parent;
    }

    /** An I/O error in a few words, the way a shell would say it. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
