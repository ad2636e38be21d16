package dev.sysstep.app.teach;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * A handout as a file's text: HTML from the precompiled jte template (which escapes every value by
 * its context), or GitHub-flavoured Markdown.
 */
public final class Exporters {
    private Exporters() {
    }

    /** Template classes are compiled at build time; the engine only finds them. */
    private static final class Engine {
        static final TemplateEngine HTML = TemplateEngine.createPrecompiled(ContentType.Html);
    }

    public static String html(Handout h) {
        StringOutput out = new StringOutput();
        Engine.HTML.render("handout.jte", h, out);
        return out.toString();
    }

    public static String markdown(Handout h) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(text(h.title())).append("\n\n");
        b.append("Linux ").append(text(h.kernel())).append(" · `").append(code(h.program()))
                .append("` · made with sysstep, which simulates the x86-64 path from `syscall` to `sysretq`.\n");
        for (Handout.Section s : h.sections()) {
            b.append('\n');
            if (s.isSlide()) {
                b.append("> ").append(text(s.slide()).replace("\n", "\n> ")).append('\n');
                continue;
            }
            b.append("## `").append(code(s.id())).append("` ").append(text(s.title())).append("\n\n");
            b.append('*').append(text(s.where())).append("*\n\n");
            b.append(text(s.explanation())).append("\n\n");
            b.append("Source: ").append(text(s.source())).append(" (").append(text(s.kind())).append(")\n\n");
            b.append("```\n");
            for (Handout.InsnRow i : s.insns()) {
                b.append(i.address().isEmpty() ? "" : i.address() + "  ").append(i.text().replace("```", "'''"))
                        .append(i.comment().isEmpty() ? "" : "    # " + i.comment().replace("```", "'''")).append('\n');
            }
            b.append("```\n");
            if (!s.changes().isEmpty()) {
                b.append("\n| what | old | new | kind |\n|---|---|---|---|\n");
                for (Handout.Row r : s.changes()) {
                    b.append("| ").append(cell(r.what())).append(" | ").append(cell(r.before())).append(" | ")
                            .append(cell(r.after())).append(" | ").append(cell(r.kind())).append(" |\n");
                }
            }
            if (!s.checks().isEmpty()) {
                b.append("\nSYSRET checks so far:\n\n");
                for (Handout.Row c : s.checks()) {
                    b.append("- ").append(c.kind().equals("pass") ? "[x] " : "[ ] **FAILED** ").append('`')
                            .append(code(c.what())).append("`: ").append(text(c.before())).append('\n');
                }
            }
            b.append("\nKernel stack, struct pt_regs (").append(text(s.rspSays())).append("):\n\n");
            b.append("| address | field | value | state |\n|---|---|---|---|\n");
            for (Handout.SlotRow r : s.stack()) {
                b.append("| ").append(cell(r.address())).append(" | ").append(cell(r.field())).append(" | ")
                        .append(cell(r.value())).append(" | ").append(r.rsp() ? "**RSP here**, " : "")
                        .append(cell(r.state())).append(" |\n");
            }
            if (!s.trampoline().isEmpty()) {
                b.append("\nTrampoline stack:\n\n| slot | value | |\n|---|---|---|\n");
                for (Handout.Row r : s.trampoline()) {
                    b.append("| ").append(cell(r.what())).append(" | ").append(cell(r.after())).append(" | ")
                            .append(cell(r.kind())).append(" |\n");
                }
            }
        }
        return b.toString();
    }

    /** Text with Markdown's active characters escaped (GFM: a backslash before any ASCII punctuation). */
    static String text(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\`*_{}[]<>#|~".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String cell(String s) {
        return "`" + code(s).replace("|", "\\|") + "`";
    }

    private static String code(String s) {
        return s.replace("`", "'").replace("\n", " ");
    }
}
