package dev.sysstep.app.view;

import java.util.Locale;
import java.util.Optional;
import org.fusesource.jansi.Ansi;
import org.fusesource.jansi.Ansi.Attribute;
import org.fusesource.jansi.Ansi.Color;

/**
 * How each {@link Style} looks on a terminal. No theme puts anything a reader needs in grey
 * ({@code ESC[90m}) or dark blue ({@code ESC[34m}) alone: both vanish on many backgrounds and on
 * every projector. Colour only ever adds to what the text says ({@code *}, {@code +}, {@code ->}).
 */
public enum Theme {
    /** Light text on a dark background: the usual terminal. */
    DARK("dark") {
        @Override
        void paint(Style s, Ansi a) {
            switch (s) {
                case HEADER -> a.bold().fgBright(Color.CYAN);
                case TITLE, NEW -> a.bold();
                case DIM, NOTE, OLD -> a.fg(Color.WHITE);
                case ADDRESS -> a.fgBright(Color.BLUE);
                case CHANGED -> a.bold().fgBright(Color.YELLOW);
                case PUSHED, PASS -> a.fgBright(Color.GREEN);
                case POPPED -> a.fgBright(Color.MAGENTA);
                case FAIL, ERROR -> a.bold().fgBright(Color.RED);
                case WARNING, UNKNOWN -> a.fgBright(Color.YELLOW);
                case RESULT, CURRENT -> a.bold().fgBright(Color.GREEN);
                case LABEL -> a.fgBright(Color.CYAN);
                default -> { }
            }
        }
    },
    /** Dark text on a light background: no yellow, no white, no light cyan. */
    LIGHT("light") {
        @Override
        void paint(Style s, Ansi a) {
            switch (s) {
                case HEADER -> a.bold().fg(Color.MAGENTA);
                case TITLE, NEW -> a.bold();
                case CHANGED -> a.bold().a(Attribute.UNDERLINE);
                case PUSHED, PASS -> a.fg(Color.GREEN);
                case POPPED -> a.fg(Color.MAGENTA);
                case FAIL, ERROR -> a.bold().fg(Color.RED);
                case WARNING, UNKNOWN -> a.bold().fg(Color.RED);
                case RESULT, CURRENT -> a.bold().fg(Color.GREEN);
                case LABEL -> a.fg(Color.CYAN);
                default -> { } // DIM, NOTE, OLD, ADDRESS, CODE: the terminal's own text colour
            }
        }
    },
    /**
     * For projectors and low vision: the terminal's own text colour throughout, with bold, underline
     * and reverse video for what matters, and only the brightest hues for pass and fail.
     */
    HIGH_CONTRAST("high-contrast") {
        @Override
        void paint(Style s, Ansi a) {
            switch (s) {
                case HEADER -> a.bold().a(Attribute.UNDERLINE);
                case TITLE, NEW, CHANGED, WARNING, UNKNOWN -> a.bold();
                case PUSHED, PASS -> a.bold().fgBright(Color.GREEN);
                case POPPED -> a.bold().fgBright(Color.MAGENTA);
                case FAIL, ERROR -> a.bold().fgBright(Color.RED);
                case RESULT, CURRENT -> a.bold().a(Attribute.NEGATIVE_ON);
                default -> { }
            }
        }
    };

    private final String cliName;

    Theme(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Sets the attributes of a style on {@code a}; a style it leaves alone is printed as plain text. */
    abstract void paint(Style s, Ansi a);

    public static Optional<Theme> byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Theme t : values()) {
            if (t.cliName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Theme::cliName).toList());
    }
}
