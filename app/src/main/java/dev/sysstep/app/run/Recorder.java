package dev.sysstep.app.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sysstep.app.io.OutputFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An asciicast v2 recording (the format asciinema plays): a header with the terminal size and
 * title, every piece of output with its time, and a marker ({@code "m"}) where each phase starts,
 * labelled with the phase id, so a player can jump phase by phase. Events are kept in memory and
 * the file is written whole when the session ends, also after Ctrl-C (a shutdown hook).
 */
public final class Recorder {
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final int width;
    private final int height;
    private final String title;
    private final long startNanos = System.nanoTime();
    private final long startEpoch = System.currentTimeMillis() / 1000;
    private final List<String> events = new ArrayList<>();
    private boolean written;

    public Recorder(Path file, int width, int height, String title) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.title = title;
        Runtime.getRuntime().addShutdownHook(new Thread(this::writeQuietly, "sysstep-record"));
    }

    /** Output as the terminal showed it (line ends as a terminal needs them: CR LF). */
    public synchronized void output(String text) {
        if (!text.isEmpty()) {
            event("o", text.replace("\r\n", "\n").replace("\n", "\r\n"));
        }
    }

    /** A marker a player can jump to. */
    public synchronized void marker(String label) {
        event("m", label);
    }

    private void event(String type, String data) {
        double t = (System.nanoTime() - startNanos) / 1e9;
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            g.writeNumber(Math.round(t * 1e6) / 1e6);
            g.writeString(type);
            g.writeString(data);
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        events.add(w.toString());
    }

    /** A writer whose text is also recorded: what the REPL and scripts print goes through it. */
    public Writer tee(Writer out) {
        return new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                out.write(cbuf, off, len);
                output(new String(cbuf, off, len));
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Writes the file whole (temporary file, then rename); the first call wins. */
    public synchronized void write() throws OutputFiles.Unwritable {
        if (written) {
            return;
        }
        written = true;
        StringBuilder b = new StringBuilder();
        StringWriter header = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(header)) {
            g.writeStartObject();
            g.writeNumberField("version", 2);
            g.writeNumberField("width", width);
            g.writeNumberField("height", height);
            g.writeNumberField("timestamp", startEpoch);
            g.writeStringField("title", title);
            g.writeObjectFieldStart("env");
            g.writeStringField("TERM", System.getenv().getOrDefault("TERM", "xterm-256color"));
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        b.append(header).append('\n');
        for (String e : events) {
            b.append(e).append('\n');
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        OutputFiles.write(file, out -> out.write(bytes));
    }

    private void writeQuietly() {
        try {
            write();
        } catch (OutputFiles.Unwritable e) {
            System.err.println("sysstep: cannot write the recording: " + e.getMessage());
        }
    }

    /** Follows a run: a marker at the start of every phase a forward motion passes. */
    public Interpreter.Listener markers() {
        return new Interpreter.Listener() {
            @Override
            public void showing(dev.sysstep.core.session.StepReport r) {
                if (r.forward()) {
                    r.runs().forEach(run -> marker(run.phase().id()));
                }
            }
        };
    }
}
