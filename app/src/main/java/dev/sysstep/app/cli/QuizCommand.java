package dev.sysstep.app.cli;

import dev.sysstep.app.command.Status;
import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.Output;
import dev.sysstep.app.teach.Quiz;
import dev.sysstep.app.view.Escape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sysstep quiz [--answers FILE] [SCRIPT | lesson NAME]}: predict before you see. The script's
 * own {@code ask} lines, and a question before each phase that changes a register, an MSR, CR3 or a
 * pt_regs slot. With {@code --answers} it grades without a terminal.
 */
@Command(name = "quiz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a script or lesson (or the default path, phase by phase) as a quiz: before each phase that "
                + "changes a register, an MSR, CR3 or a pt_regs slot, and at each `ask` line, type your prediction; "
                + "the phase runs and the real value is revealed with why. Answers take any value form of the "
                + "language: 0x401b29, -ENOSYS, EBADF, TF, sysret. The score is shown at the end.",
            "", "With --answers FILE (one answer a line, in the order asked) it grades without a terminal: each miss "
                + "is printed as file:line: asked ..., answered ..., was ..."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every answer right", "1:a wrong or missing answer (or a failed expect)",
            "2:usage error, or a script that does not parse or fails", "3:internal error"})
public final class QuizCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    ColorOption color;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--answers", paramLabel = "FILE", description = "Answers, one a line, in the order the questions "
            + "come; grades without a terminal.")
    Path answers;

    @Parameters(paramLabel = "SCRIPT | lesson NAME", arity = "0..2", description = "A script, or a shipped lesson.")
    List<String> source = new ArrayList<>();

    public QuizCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try {
            return quiz();
        } catch (Output.WriteFailed e) {
            return 3; // Main says why once standard output is flushed (or ends quietly for a closed pipe)
        }
    }

    private int quiz() {
        CommandLine cl = spec.commandLine();
        ScriptSource src = ScriptSource.of(source, env, cl);
        Quiz.Answers from;
        boolean grading = answers != null;
        if (grading) {
            List<String> lines;
            try {
                lines = Files.readAllLines(answers, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "cannot read the answers " + answers + ": "
                        + dev.sysstep.app.io.OutputFiles.reason(e));
            }
            Iterator<String> it = lines.iterator();
            from = q -> it.hasNext() ? it.next() : null;
        } else if (env.stdinIsTerminal()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
            from = q -> {
                env.out().print("  your answer (Enter skips): ");
                env.out().flush();
                try {
                    return in.readLine();
                } catch (IOException e) {
                    return null;
                }
            };
        } else {
            throw new CommandLine.ParameterException(cl, "quiz needs a terminal to ask on, or --answers FILE");
        }
        boolean outColor = !grading && color.decide(env, env.stdoutIsTerminal());
        PrintWriter err = new PrintWriter(env.err(), true, StandardCharsets.UTF_8);
        int w = color.width(env, 0);
        Output output = grading ? Output.discarding(err) : new Output(new PrintWriter(env.out(), true,
                StandardCharsets.UTF_8), err, outColor, outColor, color.theme(env, cl), () -> w);
        Interpreter interp = new Interpreter(profile.newSession(cl), output, null);
        budget.applyTo(interp);
        Quiz quiz = new Quiz(from, true);
        interp.setQuiz(quiz);
        Status s;
        if (src.isDefault()) {
            // the whole path one phase at a time, so each question comes just before its phase
            int phases = interp.session().path().size();
            s = interp.runScript("quiz", Collections.nCopies(phases, "step"), false);
        } else {
            s = interp.runScript(src.name(), src.lines(), false);
        }
        if (interp.internalErrors() > 0) {
            return 3;
        }
        if (s == Status.ERROR || interp.errors() > 0) {
            return 2;
        }
        PrintWriter report = new PrintWriter(env.out(), true, StandardCharsets.UTF_8);
        for (String miss : quiz.misses()) {
            report.println(Escape.text(miss));
        }
        new Output(report, err, outColor, outColor, color.theme(env, cl), () -> w).doc(quiz.score());
        boolean allRight = quiz.scored().stream().allMatch(Quiz.Scored::right);
        return allRight && interp.expectFailures() == 0 ? 0 : 1;
    }
}
