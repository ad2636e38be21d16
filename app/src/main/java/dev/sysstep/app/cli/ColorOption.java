package dev.sysstep.app.cli;

import dev.sysstep.app.run.ColorPolicy;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Renderer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --color=auto|always|never}, shared by every command that prints for a person. */
public final class ColorOption {
    @Option(names = "--color", paramLabel = "WHEN", converter = ModeConverter.class,
            description = "auto (default: colour only on a terminal), always or never. NO_COLOR, CLICOLOR_FORCE and "
                    + "TERM=dumb are honoured in auto mode.")
    ColorPolicy.Mode mode = ColorPolicy.Mode.AUTO;

    /** Whether output to a stream is coloured, given the environment. */
    public boolean decide(Env env, boolean isTerminal) {
        return ColorPolicy.decide(mode, env.vars(), isTerminal);
    }

    /** Prints a document on standard output, coloured if the decision for standard output says so. */
    public void print(Env env, Doc doc) {
        env.out().print(new Renderer(decide(env, env.stdoutIsTerminal())).render(doc));
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
