package dev.sysstep.app.run;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sysstep.app.Version;
import dev.sysstep.app.view.Strace;
import dev.sysstep.core.code.Check;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.session.SyscallResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Lines trace of product.md §7: a header, one object per instruction executed (a C phase
 * counts as one), and the result. Written with Jackson's streaming generator; nothing is escaped by hand.
 */
public final class JsonTrace {
    /** The registers every instruction object carries, in order. */
    private static final Reg[] REGS = {Reg.RAX, Reg.RBX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.RBP, Reg.RSP,
        Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.R12, Reg.R13, Reg.R14, Reg.R15, Reg.RIP, Reg.RFLAGS, Reg.CS, Reg.SS,
        Reg.FS_BASE, Reg.GS_BASE, Reg.KERNEL_GS_BASE, Reg.CR3, Reg.SPEC_CTRL};
    /** One object per line: the newline is written by hand, so no separator between root values. */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    /**
     * JSON escapes only C0 controls; DEL and the C1 controls (U+0080-U+009F, such as CSI U+009B) are
     * escaped too, so that printing a trace line cannot drive a terminal.
     */
    private static final CharacterEscapes CONTROLS = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= 0x80 && ch <= 0x9f ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    };

    private JsonTrace() {
    }

    private static String hex16(long v) {
        return String.format("0x%016x", v);
    }

    /**
     * Writes the trace of a run's history: a header, one object per instruction the report covers, and
     * the result. Everything comes from the report.
     */
    public static void write(StepReport history, OutputStream os) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setCharacterEscapes(CONTROLS);
            header(g, history);
            for (Step st : history.steps()) {
                step(g, st);
            }
            g.writeStartObject();
            g.writeFieldName("result");
            result(g, history);
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** Writes the trace of a session's history so far. */
    public static void write(Session s, OutputStream os) throws IOException {
        write(s.history(), os);
    }

    /** Writes the trace to a file whole (see {@link dev.sysstep.app.io.OutputFiles}), or says why it could not. */
    public static void writeFile(Session s, Path file) throws dev.sysstep.app.io.OutputFiles.Unwritable {
        dev.sysstep.app.io.OutputFiles.write(file, out -> write(s, out));
    }

    private static void header(JsonGenerator g, StepReport r) throws IOException {
        KernelConfig c = r.config();
        g.writeStartObject();
        g.writeStringField("sysstep", Version.VERSION);
        g.writeStringField("kernel", c.version().label());
        g.writeStringField("release", c.version().release());
        g.writeObjectFieldStart("config");
        g.writeBooleanField("kpti", c.kpti());
        g.writeBooleanField("pcid", c.pcid());
        g.writeBooleanField("la57", c.la57());
        g.writeStringField("cpu", c.vendor().label());
        g.writeArrayFieldStart("mitigations");
        for (Mitigation m : c.mitigations()) {
            g.writeString(m.label());
        }
        g.writeEndArray();
        g.writeBooleanField("stackleak", c.stackleak());
        g.writeBooleanField("x32", c.x32());
        g.writeEndObject();
        g.writeStringField("program", r.program());
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void step(JsonGenerator g, Step st) throws IOException {
        CpuState c = st.after();
        g.writeStartObject();
        g.writeNumberField("step", st.number());
        g.writeStringField("phase", st.phase().id());
        g.writeStringField("kind", st.phase().kind().label());
        g.writeStringField("insn", st.insn().text());
        if (st.insn().hasAddress() && st.insn().length() > 0) {
            g.writeStringField("addr", hex16(st.insn().address()));
        }
        g.writeNumberField("cpl", c.cpl());
        g.writeObjectFieldStart("regs");
        List<String> undefined = new ArrayList<>();
        for (Reg r : REGS) {
            if (r == Reg.CS || r == Reg.SS) {
                g.writeStringField(r.label(), "0x" + Long.toHexString(c.get(r)));
            } else {
                g.writeStringField(r.label(), hex16(c.get(r)));
            }
            if (!c.isDefined(r)) {
                undefined.add(r.label());
            }
        }
        g.writeEndObject();
        if (!undefined.isEmpty()) {
            g.writeArrayFieldStart("undefined");
            for (String u : undefined) {
                g.writeString(u);
            }
            g.writeEndArray();
        }
        g.writeArrayFieldStart("changed");
        for (Reg r : Reg.values()) {
            if (!st.before().sameAs(c, r)) {
                g.writeString(r.label());
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("mem");
        for (MemWrite w : st.writes()) {
            for (MemWrite.Word word : w.words()) {
                g.writeStartObject();
                g.writeStringField("addr", hex16(word.address()));
                g.writeStringField("old", hex16(word.before()));
                g.writeStringField("new", hex16(word.after()));
                g.writeStringField("label", w.label());
                g.writeStringField("kind", w.kind().name().toLowerCase(java.util.Locale.ROOT));
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("checks");
        for (Check ch : st.checks()) {
            g.writeStartObject();
            g.writeStringField("id", ch.id());
            g.writeBooleanField("passed", ch.passed());
            g.writeStringField("detail", ch.detail());
            if (!ch.path().isEmpty()) {
                g.writeStringField("path", ch.path());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void result(JsonGenerator g, StepReport history) throws IOException {
        g.writeStartObject();
        SyscallResult r = history.result().orElse(null);
        if (r == null) {
            g.writeNullField("syscall");
            g.writeNullField("ret");
            g.writeNullField("errno");
            g.writeNullField("exit");
            terminal(g, history.terminal());
            g.writeStringField("note", "the path had not ended when the trace was written");
            g.writeEndObject();
            return;
        }
        g.writeStringField("syscall", r.syscall());
        g.writeStringField("nr", hex16(r.number()));
        if (r.ret().isPresent()) {
            g.writeNumberField("ret", r.ret().getAsLong());
        } else {
            g.writeNullField("ret");
        }
        if (r.errno().isPresent()) {
            g.writeStringField("errno", r.errno().get());
        } else {
            g.writeNullField("errno");
        }
        g.writeStringField("exit", r.outcome().kind().label());
        terminal(g, r.terminal());
        g.writeStringField("strace", Strace.line(r));
        if (r.exitStatus().isPresent()) {
            g.writeNumberField("exit_status", r.exitStatus().get());
        }
        g.writeStringField("description", r.outcome().description());
        g.writeEndObject();
    }

    /**
     * What the program wrote to the terminal: {@code terminal} holds it as text, each byte that is not
     * part of valid UTF-8 shown as U+FFFD; only then {@code terminal_base64} adds the exact bytes
     * (README, "The JSON trace"), so nothing is lost and valid UTF-8 stays readable.
     */
    private static void terminal(JsonGenerator g, byte[] b) throws IOException {
        g.writeStringField("terminal", text(b));
        if (!isUtf8(b)) {
            g.writeStringField("terminal_base64", java.util.Base64.getEncoder().encodeToString(b));
        }
    }

    /** Bytes as text: valid UTF-8 as it is, every other byte as U+FFFD. */
    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
