package dev.sysstep.app.view;

import java.util.List;
import org.fusesource.jansi.Ansi;

/**
 * Turns a {@link Doc} into text: with ANSI colour (through Jansi) or without. Views put markers
 * such as {@code *}, {@code +} and {@code -} in the text itself, so plain output means the same.
 */
public final class Renderer {
    private final boolean color;

    public Renderer(boolean color) {
        this.color = color;
    }

    public boolean color() {
        return color;
    }

    public String render(Doc doc) {
        StringBuilder b = new StringBuilder();
        for (List<Doc.Span> line : doc.lines()) {
            for (Doc.Span s : line) {
                // text from users, files and the simulated program may hold control bytes: none reaches the terminal
                Doc.Span safe = new Doc.Span(Escape.text(s.text()), s.style());
                b.append(color ? paint(safe) : safe.text());
            }
            b.append('\n');
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
