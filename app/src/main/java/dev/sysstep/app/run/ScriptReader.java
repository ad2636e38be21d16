package dev.sysstep.app.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a script whole, with bounds, so that no file (a huge one, {@code /dev/zero}, a FIFO that
 * never ends a line) can exhaust memory: at most {@link #MAX_BYTES} bytes and
 * {@link Interpreter#MAX_SCRIPT_LINES} lines. Bytes that are not UTF-8 become U+FFFD.
 */
public final class ScriptReader {
    /** 8 MiB: a 100,000-line script of long lines still fits. */
    public static final int MAX_BYTES = 8 << 20;

    private ScriptReader() {
    }

    /** A script that could not be read, with a message naming it. */
    public static final class ScriptException extends Exception {
        private static final long serialVersionUID = 1L;

        public ScriptException(String message) {
            super(message);
        }
    }

    public static List<String> read(Path file) throws ScriptException {
        if (Files.isDirectory(file)) {
            throw new ScriptException("cannot read script '" + file + "': it is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ScriptException("cannot read script '" + file + "': no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ScriptException("cannot read script '" + file + "': permission denied");
        } catch (IOException e) {
            throw new ScriptException("cannot read script '" + file + "': " + e.getMessage());
        }
    }

    public static List<String> read(InputStream in, String name) throws IOException, ScriptException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (buf.size() + n > MAX_BYTES) {
                throw new ScriptException("script '" + name + "' is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            buf.write(chunk, 0, n);
        }
        String text = new String(buf.toByteArray(), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        if (lines.size() > Interpreter.MAX_SCRIPT_LINES) {
            throw new ScriptException("script '" + name + "' has " + lines.size() + " lines; at most "
                    + Interpreter.MAX_SCRIPT_LINES + " are allowed");
        }
        return lines;
    }
}
