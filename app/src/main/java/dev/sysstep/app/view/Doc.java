package dev.sysstep.app.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of styled text: what every view produces and the renderer lays out for the terminal's width.
 * A span says how it may give way when a line is too wide ({@link Fit}): a comment is cut first, a
 * padding shrinks, a 64-bit value loses its leading zeros, a span may have a shorter form; text
 * wraps between words, and a value is never split.
 */
public final class Doc {
    /** How a span gives way in a line that is too wide for the terminal. */
    public enum Fit {
        /** Kept whole where it can be; text with spaces wraps between words. */
        KEEP,
        /** A comment column: cut (with an ellipsis), or left out, before anything else changes. */
        COMMENT,
        /** Alignment padding: shrinks to a single space. */
        PAD,
        /** A 64-bit hex value whose leading zeros may be dropped (0x000000000000002b -> 0x2b). */
        HEX,
        /** Prose: its line wraps with continuation lines at the line's own indent, as a paragraph. */
        PROSE,
        /** The text column of a row (a command's description): continuation lines start under it. */
        HANGING
    }

    /** A run of text with one style; {@code shorter}, when not null, is used where the line does not fit. */
    public record Span(String text, Style style, Fit fit, String shorter) {
        public Span(String text, Style style) {
            this(text, style, Fit.KEEP, null);
        }
    }

    private final List<List<Span>> lines = new ArrayList<>();

    public static Doc of(String text, Style style) {
        Doc d = new Doc();
        d.line().add(text, style);
        return d;
    }

    public Line line() {
        List<Span> l = new ArrayList<>();
        lines.add(l);
        return new Line(l);
    }

    public Doc blank() {
        lines.add(new ArrayList<>());
        return this;
    }

    public Doc append(Doc other) {
        lines.addAll(other.lines);
        return this;
    }

    public List<List<Span>> lines() {
        return lines;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The text without any styling, laid out for no particular width. */
    public String plain() {
        StringBuilder b = new StringBuilder();
        for (List<Span> l : lines) {
            for (Span s : l) {
                b.append(s.text());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Builder for one line. */
    public static final class Line {
        private final List<Span> spans;

        Line(List<Span> spans) {
            this.spans = spans;
        }

        public Line add(String text, Style style) {
            spans.add(new Span(text, style));
            return this;
        }

        public Line add(String text) {
            return add(text, Style.PLAIN);
        }

        /** A paragraph of prose: it wraps without a hanging indent. */
        public Line prose(String text, Style style) {
            spans.add(new Span(text, style, Fit.PROSE, null));
            return this;
        }

        /** The text column of a row: when the line wraps, it goes on under this span's first character. */
        public Line hanging(String text, Style style) {
            spans.add(new Span(text, style, Fit.HANGING, null));
            return this;
        }

        /** A comment column: the first thing cut when the line is too wide. */
        public Line comment(String text, Style style) {
            spans.add(new Span(text, style, Fit.COMMENT, null));
            return this;
        }

        /** A 64-bit value whose leading zeros may go when the line is too wide. */
        public Line hex(String text, Style style) {
            spans.add(new Span(text, style, Fit.HEX, null));
            return this;
        }

        /** Text with a shorter form for narrow terminals (a source reference without its directories). */
        public Line alt(String text, String shorter, Style style) {
            spans.add(new Span(text, style, Fit.KEEP, shorter));
            return this;
        }

        /** Pads what the line holds so far to {@code width} characters; the padding shrinks where space is short. */
        public Line pad(int width) {
            int len = spans.stream().mapToInt(s -> s.text().length()).sum();
            if (len < width) {
                spans.add(new Span(" ".repeat(width - len), Style.PLAIN, Fit.PAD, null));
            }
            return this;
        }
    }
}
