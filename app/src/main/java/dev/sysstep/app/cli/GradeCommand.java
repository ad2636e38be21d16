package dev.sysstep.app.cli;

import dev.sysstep.app.command.Status;
import dev.sysstep.app.io.OutputFiles;
import dev.sysstep.app.run.ExpectLog;
import dev.sysstep.app.run.Interpreter;
import dev.sysstep.app.run.Output;
import dev.sysstep.app.run.ScriptReader;
import dev.sysstep.app.view.Escape;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sysstep grade [--junit FILE] SCRIPT...}: many students' scripts in one process, each in a
 * fresh session of its own, bounded like any run; a line per script and a total, and JUnit XML with
 * one test case per expect.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run many scripts in one process, each in a fresh session of its own (one script's config, edits "
                + "or failure never reaches the next), bounded by --max-commands and --max-instructions. Prints one line "
                + "per script (pass, or the first failed expect or error as file:line: ...) and a total."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every script passed", "1:a script failed", "2:usage error, or the JUnit file cannot be written",
            "3:internal error"})
public final class GradeCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML: a test suite per script, a test "
            + "case per expect (and one for a script that did not run to its end).")
    Path junit;

    @Parameters(paramLabel = "SCRIPT", arity = "1..*", description = "The scripts to grade.")
    List<Path> scripts = new ArrayList<>();

    public GradeCommand(Env env) {
        this.env = env;
    }

    /** How one script came out. */
    record Graded(String name, List<ExpectLog.Entry> expects, String error, double seconds) {
        boolean passed() {
            return error == null && expects.stream().allMatch(ExpectLog.Entry::passed);
        }

        /** The first thing that went wrong, as file:line: message. */
        String firstProblem() {
            for (ExpectLog.Entry e : expects) {
                if (!e.passed()) {
                    return e.where() + ": " + e.failure();
                }
            }
            return error;
        }
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (junit != null) {
            try {
                OutputFiles.check(junit);
            } catch (OutputFiles.Unwritable e) {
                env.err().println("sysstep grade: cannot write " + Escape.text(e.getMessage()));
                return 2;
            }
        }
        // one build of the starting profile, shared: each session starts from its own copy of the memory image
        LinuxPath.Build start = LinuxPath.build(profile.toConfig(cl), profile.program(cl));
        List<Graded> results = new ArrayList<>();
        int passed = 0;
        for (Path p : scripts) {
            Graded g = grade(p, start);
            results.add(g);
            if (g.passed()) {
                passed++;
                env.out().println("pass  " + Escape.text(p.toString()) + "  (" + g.expects().size() + " expects)");
            } else {
                env.out().println("FAIL  " + Escape.text(g.firstProblem()));
            }
        }
        env.out().println(passed + " of " + results.size() + " scripts passed");
        if (junit != null) {
            try {
                byte[] xml = junitXml(results);
                OutputFiles.write(junit, out -> out.write(xml));
            } catch (OutputFiles.Unwritable e) {
                env.err().println("sysstep grade: cannot write " + Escape.text(e.getMessage()));
                return 2;
            }
        }
        return passed == results.size() ? 0 : 1;
    }

    private Graded grade(Path p, LinuxPath.Build start) {
        long t0 = System.nanoTime();
        List<String> lines;
        try {
            lines = ScriptReader.read(p);
        } catch (ScriptReader.ScriptException e) {
            return new Graded(p.toString(), List.of(), p + ": " + e.getMessage(), 0);
        }
        StringWriter err = new StringWriter();
        Output out = Output.discarding(new PrintWriter(err, true));
        Interpreter interp = new Interpreter(new Session(start), out, null);
        budget.applyTo(interp);
        interp.setQuiet(true);
        ExpectLog log = new ExpectLog();
        interp.logExpects(log);
        // --keep-going: every expect of the script becomes a test case, not only those before the first failure
        Status s = interp.runScript(p, lines, true);
        String error = null;
        if (s == Status.ERROR || interp.errors() > 0 || interp.internalErrors() > 0) {
            error = err.toString().lines().filter(l -> !l.isBlank()).findFirst().orElse(p + ": the script failed");
        }
        return new Graded(p.toString(), log.entries(), error, (System.nanoTime() - t0) / 1e9);
    }

    private static byte[] junitXml(List<Graded> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "sysstep grade");
            for (Graded g : results) {
                long failures = g.expects().stream().filter(e -> !e.passed()).count();
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", g.name());
                x.writeAttribute("tests", Integer.toString(g.expects().size() + (g.error() != null ? 1 : 0)));
                x.writeAttribute("failures", Long.toString(failures));
                x.writeAttribute("errors", g.error() != null ? "1" : "0");
                x.writeAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", g.seconds()));
                for (ExpectLog.Entry e : g.expects()) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", g.name());
                    x.writeAttribute("name", Escape.text(e.where() + ": expect " + (e.passed() ? e.comparison() : shortFailure(e))));
                    if (!e.passed()) {
                        x.writeStartElement("failure");
                        x.writeAttribute("message", Escape.text(e.failure()));
                        x.writeCharacters(Escape.text(e.where() + ": " + e.failure()));
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                if (g.error() != null) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", g.name());
                    x.writeAttribute("name", "the script runs to its end");
                    x.writeStartElement("error");
                    x.writeAttribute("message", Escape.text(g.error()));
                    x.writeCharacters(Escape.text(g.error()));
                    x.writeEndElement();
                    x.writeEndElement();
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot build the JUnit XML: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** The comparison of a failed expect ("expect X failed: ..." keeps X). */
    private static String shortFailure(ExpectLog.Entry e) {
        String f = e.failure();
        int cut = f.indexOf(" failed:");
        return cut > 0 && f.startsWith("expect ") ? f.substring("expect ".length(), cut) : f;
    }
}
