package dev.sysstep.app.cli;

import dev.sysstep.app.io.OutputFiles;
import dev.sysstep.app.teach.Exporters;
import dev.sysstep.app.teach.Handout;
import dev.sysstep.app.teach.Lecture;
import dev.sysstep.app.view.Escape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysstep export --format html|md [-o FILE] [SCRIPT | lesson NAME]}: a handout. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a script or lesson (or the default path) and write a handout: one section per phase passed, "
                + "with its title, instructions, the changes as a table (old and new), the kernel stack with pt_regs, "
                + "the explanation and the source. HTML is one self-contained file (no scripts, fonts or images from "
                + "anywhere) that prints on A4 and Letter and reads on a phone; md is GitHub-flavoured Markdown."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:usage error, a script that does not parse or fails, or a file that cannot be written",
            "3:internal error"})
public final class ExportCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    BudgetOptions budget;

    /** The formats, as --format names them. */
    enum Format { html, md }

    @Option(names = "--format", required = true, paramLabel = "html|md", description = "html or md.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (whole: a temporary file, then "
            + "renamed); default: standard output.")
    Path output;

    @Option(names = "--title", paramLabel = "TEXT", description = "The handout's title (default: the lesson's title or "
            + "the script's name).")
    String title;

    @Parameters(paramLabel = "SCRIPT | lesson NAME", arity = "0..2", description = "A script, or a shipped lesson.")
    List<String> source = new ArrayList<>();

    public ExportCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        ScriptSource src = ScriptSource.of(source, env, cl);
        if (output != null) {
            try {
                OutputFiles.check(output); // refused before the run rather than after it
            } catch (OutputFiles.Unwritable e) {
                env.err().println("sysstep export: cannot write " + Escape.text(e.getMessage()));
                return 2;
            }
        }
        Lecture lecture = src.capture(profile.newSession(cl), budget, env,
                "sysstep export: the script did not run cleanly; nothing was written");
        if (lecture == null) {
            return 2;
        }
        String name = title != null ? title : src.title() != null ? src.title()
                : "write(1, \"hi\\n\", 3): from syscall to sysretq";
        Handout h = Handout.of(name, lecture.frames());
        String text = format == Format.html ? Exporters.html(h) : Exporters.markdown(h);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (output == null) {
            env.out().write(bytes, 0, bytes.length);
            env.out().flush();
            return 0;
        }
        try {
            OutputFiles.write(output, out -> out.write(bytes));
        } catch (OutputFiles.Unwritable e) {
            env.err().println("sysstep export: cannot write " + Escape.text(e.getMessage()));
            return 2;
        }
        return 0;
    }
}
