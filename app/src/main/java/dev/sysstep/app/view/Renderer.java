package dev.sysstep.app.view;

import java.util.List;
import org.fusesource.jansi.Ansi;

/**
 * Turns a {@link Doc} into text: with ANSI colour (through Jansi) or without. Views put markers
 * such as {@code *}, {@code +} and {@code -} in the text itself, so plain output means the same.
 */
public final class Renderer {
    private final boolean color;
    private final Theme theme;
    private final java.util.function.IntSupplier width;

    /** {@code width}: the columns to lay out for, asked for each document (a terminal may be resized); 0 for none. */
    public Renderer(boolean color, Theme theme, java.util.function.IntSupplier width) {
        this.color = color;
        this.theme = theme;
        this.width = width;
    }

    public Renderer(boolean color, java.util.function.IntSupplier width) {
        this(color, Theme.DARK, width);
    }

    public Renderer(boolean color) {
        this(color, () -> 0);
    }

    public boolean color() {
        return color;
    }

    public int width() {
        return width.getAsInt();
    }

    public Theme theme() {
        return theme;
    }

    public String render(Doc doc) {
        int w = width.getAsInt();
        StringBuilder b = new StringBuilder();
        for (List<Doc.Span> raw : doc.lines()) {
            List<Doc.Span> line = new java.util.ArrayList<>(raw.size());
            for (Doc.Span s : raw) {
                // text from users, files and the simulated program may hold control bytes: none reaches the terminal
                line.add(new Doc.Span(Escape.text(s.text()), s.style(), s.fit(),
                        s.shorter() == null ? null : Escape.text(s.shorter())));
            }
            for (List<Doc.Span> out : Layout.fit(line, w)) {
                for (Doc.Span s : out) {
                    b.append(color ? paint(s) : s.text());
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private String paint(Doc.Span s) {
        if (s.style() == Style.PLAIN || s.text().isBlank()) {
            return s.text();
        }
        Ansi a = Ansi.ansi();
        theme.paint(s.style(), a);
        String start = a.toString();
        return start.isEmpty() ? s.text() : start + s.text() + Ansi.ansi().reset();
    }
}
