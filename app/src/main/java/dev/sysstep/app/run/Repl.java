package dev.sysstep.app.run;

import dev.sysstep.app.Version;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.command.Verbs;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.session.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;

/**
 * The interactive loop on a JLine terminal: line editing, tab completion, a history file with
 * Ctrl-R search, Enter repeating the last step command, Ctrl-C cancelling the line, Ctrl-D quitting.
 */
public final class Repl {
    private final Interpreter interpreter;
    private final Terminal terminal;
    private final HistoryStore history;
    private final Output output;

    public Repl(Interpreter interpreter, Output output, Terminal terminal, HistoryStore history) {
        this.interpreter = interpreter;
        this.output = output;
        this.terminal = terminal;
        this.history = history;
    }

    public int run() {
        Session s = interpreter.session();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sysstep")
                .completer(new SysstepCompleter(s))
                .history(new DefaultHistory())
                .variable(LineReader.HISTORY_SIZE, HistoryStore.MAX_ENTRIES)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        History h = reader.getHistory();
        for (String line : history.load()) {
            h.add(Instant.EPOCH, line);
        }
        output.doc(banner(s));
        String lastMotion = null;
        boolean historyProblemShown = false;
        while (true) {
            String line;
            try {
                line = reader.readLine("(sysstep) ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (line.isBlank()) {
                line = lastMotion == null ? "step" : lastMotion;
            } else {
                String head = line.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
                boolean repeatable = Verbs.byName(head).map(Verb::repeatable).orElse(false);
                lastMotion = repeatable && !line.contains(";") ? line.strip() : null;
                String problem = history.save(entries(h));
                if (problem != null && !historyProblemShown) {
                    historyProblemShown = true;
                    output.error("", problem + " (said once; the session goes on)");
                }
            }
            if (interpreter.runLine(line, "") == Status.QUIT) {
                break;
            }
        }
        return 0;
    }

    private static List<String> entries(History h) {
        List<String> out = new ArrayList<>();
        for (History.Entry e : h) {
            out.add(e.line());
        }
        return out;
    }

    static Doc banner(Session s) {
        KernelConfig c = s.config();
        Doc d = new Doc();
        d.line().add("sysstep " + Version.VERSION, Style.TITLE).add(", Linux " + c.version().release() + " profile, KPTI "
                + (c.kpti() ? "on" : "off") + ", PCID " + (c.pcid() ? "on" : "off") + ", " + c.vendor().label(), Style.DIM);
        d.line().add("program: ", Style.LABEL).add(Escape.text(s.program().describe(c.version())))
                .add(s.program().hasMessage() ? "  msg = " + Escape.quoted(s.program().message(), 32) : "", Style.DIM);
        d.line().add("Press Enter to step through the syscall; `help` lists the commands; Ctrl-D quits.", Style.DIM);
        d.append(Views.where(s.where()));
        return d;
    }
}
