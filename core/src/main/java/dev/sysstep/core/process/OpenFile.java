package dev.sysstep.core.process;

/**
 * A {@code struct file} as far as read and write care: what it is, whether it was opened with
 * FMODE_READ / FMODE_WRITE, and its position (regular files only; pipes and ttys are streams).
 */
public record OpenFile(FileKind kind, String path, boolean readable, boolean writable, int pipeId, long position) {

    public static OpenFile tty() {
        return new OpenFile(FileKind.TTY, "/dev/pts/0", true, true, -1, 0);
    }

    public OpenFile atPosition(long pos) {
        return new OpenFile(kind, path, readable, writable, pipeId, pos);
    }

    /** How {@code ls -l /proc/PID/fd} would spell the access mode. */
    public String modeName() {
        if (readable && writable) {
            return "O_RDWR";
        }
        return writable ? "O_WRONLY" : "O_RDONLY";
    }

    public boolean isStream() {
        return kind != FileKind.REGULAR;
    }
}
