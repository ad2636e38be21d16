package dev.sysstep.core.process;

/** The kinds of open file the simulated process can hold, and the driver behind each. */
public enum FileKind {
    /** The terminal, /dev/pts/0: tty_write / tty_read. */
    TTY("tty"),
    /** /dev/null: write_null returns the count without reading the buffer; read_null returns 0. */
    NULL("null"),
    /** Read end of an anonymous pipe. */
    PIPE_READ("pipe read end"),
    /** Write end of an anonymous pipe. */
    PIPE_WRITE("pipe write end"),
    /** A regular file on ext4. */
    REGULAR("regular file");

    private final String label;

    FileKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
