package dev.sysstep.app.cli;

import dev.sysstep.app.run.ColorPolicy;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Renderer;
import dev.sysstep.app.view.Theme;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --color=auto|always|never} and {@code --width N}, shared by every command that prints for a person. */
public final class ColorOption {
    /** Narrower than this, no layout is useful: a forced or reported width below it is raised to it. */
    static final int MIN_WIDTH = 40;
    /** The width where nothing says otherwise (a pipe, a file, COLUMNS unset). */
    static final int DEFAULT_WIDTH = 80;

    @Option(names = "--width", paramLabel = "N",
            description = "Lay output out for N columns (default: the terminal's width; elsewhere COLUMNS, or 80).")
    int width;

    /**
     * The columns to lay out for: --width, else the terminal's ({@code terminalWidth}, 0 when unknown),
     * else COLUMNS, else 80.
     */
    public int width(Env env, int terminalWidth) {
        int w = width > 0 ? width : terminalWidth > 0 ? terminalWidth : columns(env);
        return Math.max(MIN_WIDTH, w);
    }

    private static int columns(Env env) {
        String c = env.vars().get("COLUMNS");
        try {
            return c == null ? DEFAULT_WIDTH : Integer.parseInt(c.strip());
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Option(names = "--color", paramLabel = "WHEN", converter = ModeConverter.class,
            description = "auto (default: colour only on a terminal), always or never. NO_COLOR, CLICOLOR_FORCE and "
                    + "TERM=dumb are honoured in auto mode.")
    ColorPolicy.Mode mode = ColorPolicy.Mode.AUTO;

    @Option(names = "--theme", paramLabel = "THEME",
            description = "Colours for a dark (default) or light background, or high-contrast for projectors "
                    + "(also SYSSTEP_THEME).")
    String theme;

    /** --theme, else SYSSTEP_THEME, else dark; an unknown name is a usage error. */
    public Theme theme(Env env, CommandLine cl) {
        String name = theme != null ? theme : env.vars().getOrDefault("SYSSTEP_THEME", Theme.DARK.cliName());
        return Theme.byName(name).orElseThrow(() -> new CommandLine.ParameterException(cl, "unknown theme '" + name + "'"
                + (theme == null ? " in SYSSTEP_THEME" : "") + " (" + Theme.names() + ")"));
    }

    /** Whether output to a stream is coloured, given the environment. */
    public boolean decide(Env env, boolean isTerminal) {
        return ColorPolicy.decide(mode, env.vars(), isTerminal);
    }

    /** Prints a document on standard output, coloured if the decision for standard output says so. */
    public void print(Env env, CommandLine cl, Doc doc) {
        int w = width(env, 0);
        env.out().print(new Renderer(decide(env, env.stdoutIsTerminal()), theme(env, cl), () -> w).render(doc));
        env.out().flush();
    }

    /** A bad value is a usage error with a message that lists the good ones. */
    static final class ModeConverter implements CommandLine.ITypeConverter<ColorPolicy.Mode> {
        @Override
        public ColorPolicy.Mode convert(String value) {
            try {
                return ColorPolicy.Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not auto, always or never");
            }
        }
    }
}
