package dev.sysstep.app.teach;

import dev.sysstep.app.command.Status;
import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.Output;
import dev.sysstep.core.session.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * A script run with nothing shown, its frames kept: what {@code present} browses and a handout
 * prints. With no script, the default program's whole path.
 *
 * @param errors the messages the run printed (errors and failed expects), one a line
 */
public record Lecture(List<Frame> frames, List<String> errors, boolean ok) {

    public static Lecture of(Session session, String name, List<String> lines, long maxCommands, long maxInstructions) {
        StringWriter err = new StringWriter();
        Output out = Output.discarding(new PrintWriter(err, true));
        Interpreter interp = new Interpreter(session, out, null);
        interp.setBudget(maxCommands, maxInstructions);
        interp.setQuiet(true); // nothing is shown, so nothing need be laid out
        Capture capture = new Capture(session);
        interp.addListener(capture);
        Status s = name == null ? interp.runScript("-c", List.of("run"), false) : interp.runScript(name, lines, false);
        boolean ok = s != Status.ERROR && interp.errors() == 0 && interp.internalErrors() == 0
                && interp.expectFailures() == 0;
        return new Lecture(capture.frames(), err.toString().lines().filter(l -> !l.isBlank()).toList(), ok);
    }
}
