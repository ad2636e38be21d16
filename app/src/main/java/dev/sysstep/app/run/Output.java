package dev.sysstep.app.run;

import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Renderer;
import dev.sysstep.app.view.Style;
import java.io.PrintWriter;

/** Where the interpreter writes: documents to standard output, one-line errors to standard error. */
public final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Renderer renderer;
    private final Renderer errRenderer;
    private java.io.PrintStream sink;

    /** {@code width}: the columns output is laid out for, asked for each document (0: no limit). */
    public Output(PrintWriter out, PrintWriter err, boolean color, boolean errColor, dev.sysstep.app.view.Theme theme,
            java.util.function.IntSupplier width) {
        this.out = out;
        this.err = err;
        this.renderer = new Renderer(color, theme, width);
        // an error stays one line, whatever the width: editors and grep read file:line: message
        this.errRenderer = new Renderer(errColor, theme, () -> 0);
    }

    public Output(PrintWriter out, PrintWriter err, boolean color, boolean errColor, java.util.function.IntSupplier width) {
        this(out, err, color, errColor, dev.sysstep.app.view.Theme.DARK, width);
    }

    /** Output with no width limit (tests and internal runs). */
    public Output(PrintWriter out, PrintWriter err, boolean color, boolean errColor) {
        this(out, err, color, errColor, () -> 0);
    }

    /** Output that shows nothing; errors (one line each) still go to {@code err}. Runs nobody watches use it. */
    public static Output discarding(PrintWriter err) {
        return new Output(new PrintWriter(java.io.Writer.nullWriter()), err, false, false);
    }

    /** The columns output is laid out for now (0: no limit). */
    public int width() {
        return renderer.width();
    }

    /** Standard output failed (a full disk, a closed pipe): the run stops, and the caller says why. */
    public static final class WriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WriteFailed() {
            super("standard output cannot be written", null, false, false);
        }
    }

    public void doc(Doc d) {
        out.print(renderer.render(d));
        out.flush();
        if (out.checkError() || (sink != null && sink.checkError())) {
            throw new WriteFailed();
        }
    }

    /** The stream under {@code out}, whose errors PrintWriter cannot see (it never throws to the writer). */
    public Output watching(java.io.PrintStream s) {
        this.sink = s;
        return this;
    }

    public void error(String where, String message) {
        String prefix = where == null || where.isEmpty() ? "" : where + ": ";
        err.print(errRenderer.render(Doc.of(prefix + message, Style.ERROR)));
        err.flush();
    }

    public boolean color() {
        return renderer.color();
    }

    public PrintWriter out() {
        return out;
    }
}
