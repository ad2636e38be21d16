package dev.sysstep.app.view;

import java.util.List;
import org.fusesource.jansi.Ansi;

/**
 * Turns a {@link Doc} into text: with ANSI colour (through Jansi) or without. Views put markers
 * such as {@code *}, {@code +} and {@code -} in the text itself, so plain output means the same.
 */
public final class Renderer {
    private final boolean color;
    private final java.util.function.IntSupplier width;

    /** {@code width}: the columns to lay out for, asked for each document (a terminal may be resized); 0 for none. */
    public Renderer(boolean color, java.util.function.IntSupplier width) {
        this.color = color;
        this.width = width;
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

    private static String paint(Doc.Span s) {
        if (s.style() == Style.PLAIN || s.text().isBlank()) {
            return s.text();
        }
        Ansi a = Ansi.ansi();
        switch (s.style()) {
            case HEADER -> a.bold().fgBright(Ansi.Color.CYAN);
            case TITLE -> a.bold();
            case DIM, NOTE -> a.fgBright(Ansi.Color.BLACK);
            case CODE -> a.fg(Ansi.Color.DEFAULT);
            case ADDRESS -> a.fg(Ansi.Color.BLUE);
            case CHANGED -> a.bold().fgBright(Ansi.Color.YELLOW);
            case OLD -> a.fgBright(Ansi.Color.BLACK);
            case NEW -> a.bold();
            case PUSHED, PASS -> a.fg(Ansi.Color.GREEN);
            case POPPED -> a.fg(Ansi.Color.MAGENTA);
            case FAIL, ERROR -> a.bold().fg(Ansi.Color.RED);
            case WARNING -> a.fg(Ansi.Color.YELLOW);
            case RESULT -> a.bold().fgBright(Ansi.Color.GREEN);
            case LABEL -> a.fg(Ansi.Color.CYAN);
            case CURRENT -> a.bold().fgBright(Ansi.Color.GREEN);
            case UNKNOWN -> a.fg(Ansi.Color.YELLOW);
            default -> {
                return s.text();
            }
        }
        return a.a(s.text()).reset().toString();
    }
}
