package dev.sysstep.app.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A PrintStream that remembers why a write failed. PrintStream swallows write errors; sysstep
 * must not (a full disk is an error, exit 3), yet a closed pipe ({@code sysstep | head}) should end
 * the run quietly, as it ends any Unix tool: only the cause tells them apart.
 */
public final class CheckedPrintStream extends PrintStream {
    private final Recorder recorder;

    private CheckedPrintStream(Recorder r) {
        super(r, false, StandardCharsets.UTF_8);
        this.recorder = r;
    }

    public static CheckedPrintStream over(OutputStream out) {
        return new CheckedPrintStream(new Recorder(out));
    }

    /** The first write error, or null. */
    public IOException failure() {
        flush();
        return recorder.failure;
    }

    /** How a stream failed: null when it did not, else the error of its first failed write. */
    public static IOException failureOf(PrintStream s) {
        if (s instanceof CheckedPrintStream c) {
            return c.failure();
        }
        return s.checkError() ? new IOException("write error") : null;
    }

    /** True for the error a write to a pipe whose reader has gone gets. */
    public static boolean isBrokenPipe(IOException e) {
        return e != null && e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }

    private static final class Recorder extends FilterOutputStream {
        private IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        private void remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
