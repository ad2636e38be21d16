package dev.sysstep.app.view;

import java.util.ArrayList;
import java.util.List;

/** Lines of styled text: what every view produces and the renderer turns into output. */
public final class Doc {
    /** A run of text with one style. */
    public record Span(String text, Style style) {
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

    /** The text without any styling. */
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

        /** Pads what the line holds so far to {@code width} characters. */
        public Line pad(int width) {
            int len = spans.stream().mapToInt(s -> s.text().length()).sum();
            if (len < width) {
                spans.add(new Span(" ".repeat(width - len), Style.PLAIN));
            }
            return this;
        }
    }
}
