package dev.sysstep.app.cli;

import dev.sysstep.app.teach.Lessons;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sysstep lessons}: the shipped lessons, one a line: name, minutes, title. */
@Command(name = "lessons", mixinStandardHelpOptions = true,
        description = {"List the shipped lessons, one a line: name, minutes, title. Run one with `sysstep lesson NAME`, "
                + "show it with `sysstep present lesson NAME`, hand it out with `sysstep export --format html lesson NAME`."})
public final class LessonsCommand implements Callable<Integer> {
    private final Env env;

    public LessonsCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        for (Lessons.Lesson l : Lessons.all()) {
            env.out().printf("%-12s %3d min  %s%n", l.name(), l.minutes(), l.title());
        }
        return 0;
    }
}
