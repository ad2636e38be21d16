package dev.sysstep.app.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits one line of a {@link Doc} into a width, giving way in a fixed order: shorter forms, the
 * comment column (cut with an ellipsis while enough of it is left), the leading zeros of the 64-bit
 * values marked for it, padding, the comment again (cut further, or left out), and last wrapping
 * between words onto indented continuation lines. A value (text without spaces)
 * is never split unless it alone is wider than the line.
 */
final class Layout {
    /** Below this many characters a cut comment says too little: it is left out instead. */
    private static final int MIN_COMMENT = 12;
    /** While a comment keeps this much, its column stays aligned; shorter, the padding gives way first. */
    private static final int GENEROUS_COMMENT = 24;
    private static final String ELLIPSIS = "...";

    private Layout() {
    }

    static int length(List<Doc.Span> line) {
        int n = 0;
        for (Doc.Span s : line) {
            n += s.text().codePointCount(0, s.text().length());
        }
        return n;
    }

    /** The line as one or more lines no wider than {@code width} (0: as it is). */
    static List<List<Doc.Span>> fit(List<Doc.Span> line, int width) {
        if (width <= 0 || length(line) <= width) {
            return List.of(line);
        }
        List<Doc.Span> l = new ArrayList<>(line);
        shorter(l);
        if (length(l) > width) {
            cutComments(l, width, GENEROUS_COMMENT);
        }
        if (length(l) > width) {
            compactHex(l);
        }
        // a table row (one with a hanging text column) keeps its column and wraps under it instead
        if (length(l) > width && l.stream().noneMatch(s -> s.fit() == Doc.Fit.HANGING)) {
            shrinkPads(l);
            cutComments(l, width, MIN_COMMENT);
        }
        if (length(l) <= width) {
            return List.of(l);
        }
        return wrap(l, width);
    }

    private static void shorter(List<Doc.Span> l) {
        for (int i = 0; i < l.size(); i++) {
            Doc.Span s = l.get(i);
            if (s.shorter() != null) {
                l.set(i, new Doc.Span(s.shorter(), s.style(), s.fit(), null));
            }
        }
    }

    /**
     * Cuts the comments from the right, each only if {@code atLeast} characters of it remain; with {@link
     * #MIN_COMMENT} a comment too short to say anything is left out with the padding before it.
     */
    private static void cutComments(List<Doc.Span> l, int width, int atLeast) {
        for (int i = l.size() - 1; i >= 0 && length(l) > width; i--) {
            Doc.Span s = l.get(i);
            if (s.fit() != Doc.Fit.COMMENT) {
                continue;
            }
            int over = length(l) - width;
            int keep = s.text().length() - over - ELLIPSIS.length();
            if (keep >= atLeast) {
                l.set(i, new Doc.Span(s.text().substring(0, keep).stripTrailing() + ELLIPSIS, s.style(), s.fit(), null));
            } else if (atLeast == MIN_COMMENT) {
                l.remove(i);
                // padding that only aligned the comment goes with it
                while (i > 0 && i - 1 < l.size() && l.get(i - 1).fit() == Doc.Fit.PAD) {
                    l.remove(i - 1);
                    i--;
                }
            }
        }
    }

    private static void shrinkPads(List<Doc.Span> l) {
        for (int i = 0; i < l.size(); i++) {
            Doc.Span s = l.get(i);
            if (s.fit() == Doc.Fit.PAD && s.text().length() > 1) {
                l.set(i, new Doc.Span(" ", s.style(), s.fit(), null));
            }
        }
    }

    private static void compactHex(List<Doc.Span> l) {
        for (int i = 0; i < l.size(); i++) {
            Doc.Span s = l.get(i);
            if (s.fit() == Doc.Fit.HEX) {
                l.set(i, new Doc.Span(compact(s.text()), s.style(), s.fit(), null));
            }
        }
    }

    /** 0x000000000000002b -> 0x2b; unknown digits ('?') stop the trimming. */
    static String compact(String hex) {
        int lead = hex.indexOf("0x");
        if (lead < 0) {
            return hex;
        }
        int i = lead + 2;
        while (i < hex.length() - 1 && hex.charAt(i) == '0') {
            i++;
        }
        return hex.substring(0, lead + 2) + hex.substring(i);
    }

    /** Greedy wrapping between words, continuation lines indented under the line's own indent plus four. */
    private static List<List<Doc.Span>> wrap(List<Doc.Span> l, int width) {
        int indent = 0;
        String first = l.isEmpty() ? "" : l.get(0).text();
        while (indent < first.length() && first.charAt(indent) == ' ') {
            indent++;
        }
        boolean paragraph = l.stream().anyMatch(s -> s.fit() == Doc.Fit.PROSE);
        indent = Math.min(paragraph ? indent : indent + 4, width / 3);
        int at = 0;
        for (Doc.Span s : l) {
            if (s.fit() == Doc.Fit.HANGING) {
                if (at <= width / 2) {
                    indent = at; // under the row's text column, while that leaves half the line
                }
                break;
            }
            at += cps(s.text());
        }
        List<List<Doc.Span>> out = new ArrayList<>();
        List<Doc.Span> cur = new ArrayList<>();
        int col = 0;
        boolean fresh = true;
        for (Doc.Span s : l) {
            for (String word : words(s.text())) {
                if (word.isBlank()) {
                    if (!fresh || out.isEmpty()) {
                        int n = Math.min(word.length(), width - col);
                        if (n > 0) {
                            cur.add(new Doc.Span(word.substring(0, n), s.style()));
                            col += n;
                        }
                    }
                    continue;
                }
                String core = word.stripTrailing();
                int len = cps(core);
                if (col + len > width && !fresh) {
                    out.add(trimEnd(cur));
                    cur = new ArrayList<>();
                    cur.add(new Doc.Span(" ".repeat(indent), Style.PLAIN));
                    col = indent;
                    fresh = true;
                }
                while (len > width - col) {
                    // one value wider than a whole line: split it, the only way to show it
                    int take = Math.max(1, width - col);
                    int cut = core.offsetByCodePoints(0, Math.min(take, len));
                    cur.add(new Doc.Span(core.substring(0, cut), s.style()));
                    out.add(cur);
                    cur = new ArrayList<>();
                    cur.add(new Doc.Span(" ".repeat(indent), Style.PLAIN));
                    col = indent;
                    core = core.substring(cut);
                    len = cps(core);
                }
                String rest = word.substring(word.length() - (word.length() - word.stripTrailing().length()));
                String put = core + (col + len + rest.length() <= width ? rest : "");
                cur.add(new Doc.Span(put, s.style()));
                col += cps(put);
                fresh = false;
            }
        }
        out.add(trimEnd(cur));
        return out;
    }

    private static int cps(String s) {
        return s.codePointCount(0, s.length());
    }

    /** A line ends without trailing blanks. */
    private static List<Doc.Span> trimEnd(List<Doc.Span> l) {
        while (!l.isEmpty() && l.get(l.size() - 1).text().isBlank() && l.size() > 1) {
            l.remove(l.size() - 1);
        }
        if (!l.isEmpty()) {
            Doc.Span last = l.get(l.size() - 1);
            l.set(l.size() - 1, new Doc.Span(last.text().stripTrailing(), last.style()));
        }
        return l;
    }

    /** The text cut after each run of spaces, keeping the spaces with the word before them. */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == ' ') {
                while (i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
                out.add(text.substring(start, i));
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
