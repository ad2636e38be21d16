package dev.sysstep.app.cli;

import dev.sysstep.app.run.ScriptReader;
import dev.sysstep.app.teach.Lessons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * What {@code present}, {@code export}, {@code quiz} and {@code lesson} run: {@code SCRIPT} (a file,
 * or - for standard input), {@code lesson NAME}, or nothing (the default program's whole path).
 *
 * @param name what messages call it ({@code file}, {@code lessons/NAME.sysstep}), null for nothing
 * @param title the lesson's title, or the file name
 */
record ScriptSource(String name, String title, List<String> lines) {
    /** The command line's positional words as a source; a bad one is a usage error (exit 2). */
    static ScriptSource of(List<String> words, Env env, CommandLine cl) {
        if (words == null || words.isEmpty()) {
            return new ScriptSource(null, null, List.of());
        }
        if (words.get(0).equals("lesson")) {
            if (words.size() != 2) {
                throw new CommandLine.ParameterException(cl, "give `lesson NAME` (sysstep lessons lists them)");
            }
            try {
                Lessons.Lesson l = Lessons.named(words.get(1));
                return new ScriptSource(l.source(), l.title(), l.lines());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
        }
        if (words.size() != 1) {
            throw new CommandLine.ParameterException(cl, "give one SCRIPT or `lesson NAME`, not " + words.size() + " words");
        }
        String s = words.get(0);
        try {
            List<String> lines = s.equals("-") ? ScriptReader.read(env.in(), "-") : ScriptReader.read(Path.of(s));
            return new ScriptSource(s, Path.of(s).getFileName().toString(), lines);
        } catch (ScriptReader.ScriptException | IOException e) {
            throw new CommandLine.ParameterException(cl, "cannot read " + s + ": " + e.getMessage());
        }
    }

    /**
     * Runs it with nothing shown and keeps its frames ({@code present}, {@code export}); null, after
     * its errors and {@code refusal}, when it did not run cleanly.
     */
    dev.sysstep.app.teach.Lecture capture(dev.sysstep.core.session.Session session, BudgetOptions budget, Env env,
                                          String refusal) {
        var lecture = dev.sysstep.app.teach.Lecture.of(session, name, lines, budget.maxCommands, budget.maxInstructions);
        if (lecture.ok()) {
            return lecture;
        }
        lecture.errors().forEach(e -> env.err().println(dev.sysstep.app.view.Escape.text(e)));
        env.err().println(refusal);
        return null;
    }

    boolean isDefault() {
        return name == null;
    }
}
