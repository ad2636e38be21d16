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

    public Output(PrintWriter out, PrintWriter err, boolean color, boolean errColor) {
        this.out = out;
        this.err = err;
        this.renderer = new Renderer(color);
        this.errRenderer = new Renderer(errColor);
    }

    public void doc(Doc d) {
        out.print(renderer.render(d));
        out.flush();
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
