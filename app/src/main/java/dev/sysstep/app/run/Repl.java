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
import java.util.Locale;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Attributes;
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

    /** A script run before the first prompt ({@code sysstep -i SCRIPT}), or null. */
    private Runnable first;

    public Repl(Interpreter interpreter, Output output, Terminal terminal, HistoryStore history) {
        this.interpreter = interpreter;
        this.output = output;
        this.terminal = terminal;
        this.history = history;
    }

    /** Runs this before the first prompt, after the banner (as python -i runs its script, then stays). */
    public Repl first(Runnable script) {
        first = script;
        return this;
    }

    private Recorder recorder;

    /** Records what is typed at the prompt too (the output is recorded where it is written). */
    public void recordInput(Recorder r) {
        recorder = r;
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
                // `IA32_L<Tab>` and `ia32_l<Tab>` both complete IA32_LSTAR, as `STEP` runs step
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .build();
        // Ctrl-C while a command runs stops it at its last whole step; the session and the REPL go on.
        terminal.handle(Terminal.Signal.INT, sig -> s.interrupt());
        // While a line is read, Ctrl-C is an ordinary key, read in order with the others, that drops the
        // line: as a signal it overtook the keys typed right after it, which then went to the dropped line.
        reader.getWidgets().put(CANCEL_LINE, () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        for (String map : new String[] {LineReader.EMACS, LineReader.VIINS, LineReader.VICMD}) {
            KeyMap<Binding> km = reader.getKeyMaps().get(map);
            if (km != null) {
                km.bind(new Reference(CANCEL_LINE), KeyMap.ctrl('C'));
            }
        }
        History h = reader.getHistory();
        for (String line : history.load()) {
            h.add(Instant.EPOCH, line);
        }
        // pause (in a sourced script or the -i script) reads its Enter with the same editor; Ctrl-C or
        // Ctrl-D there answers null, which stops the script
        interpreter.setPauseInput(() -> {
            try {
                return reader.readLine("");
            } catch (UserInterruptException | EndOfFileException e) {
                return null;
            }
        });
        output.doc(banner(s));
        warnAboutHistory();
        if (first != null) {
            interruptKey(true);
            first.run();
        }
        String lastMotion = null;
        while (true) {
            String line;
            try {
                interruptKey(false);
                line = reader.readLine("(sysstep) ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            } finally {
                interruptKey(true);
            }
            if (recorder != null) {
                recorder.output("(sysstep) " + line + "\n"); // the prompt and what was typed, as the screen showed them
            }
            if (line.isBlank()) {
                line = lastMotion == null ? "step" : lastMotion;
            } else {
                String head = line.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
                boolean repeatable = Verbs.byName(head).map(Verb::repeatable).orElse(false);
                lastMotion = repeatable && !line.contains(";") ? line.strip() : null;
                history.append(line);
                warnAboutHistory();
            }
            interpreter.resetBudget();
            if (interpreter.runLine(line, "") == Status.QUIT) {
                break;
            }
        }
        return 0;
    }

    private static final String CANCEL_LINE = "sysstep-cancel-line";

    /**
     * Whether Ctrl-C sends SIGINT ({@code true}: while a command runs) or is read as a key ({@code
     * false}: while a line is edited). Keys typed after Ctrl-C are kept either way (NOFLSH).
     */
    private void interruptKey(boolean signal) {
        if (!isRealTerminal()) {
            return;
        }
        Attributes a = terminal.getAttributes();
        a.setControlChar(Attributes.ControlChar.VINTR, signal ? 3 : 0);
        a.setLocalFlag(Attributes.LocalFlag.NOFLSH, true);
        terminal.setAttributes(a);
    }

    private boolean isRealTerminal() {
        return !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    private void warnAboutHistory() {
        String problem = history.takeProblem();
        if (problem != null) {
            output.error("", problem + " (said once; the session goes on)");
        }
    }

    static Doc banner(Session s) {
        KernelConfig c = s.config();
        Doc d = new Doc();
        d.line().add("sysstep " + Version.VERSION, Style.TITLE).add(", Linux " + c.version().release() + " profile, KPTI "
                + (c.kpti() ? "on" : "off") + ", PCID " + (c.pcid() ? "on" : "off") + ", " + c.vendor().label(), Style.DIM);
        d.line().add("program: ", Style.LABEL).add(Escape.text(s.program().describe(c.version())))
                .add(s.program().hasMessage() ? "  msg = " + Escape.quoted(s.program().message(), 32) : "", Style.DIM);
        d.line().add("Enter steps through the syscall; `help` lists the commands; Ctrl-D quits.", Style.DIM);
        d.append(Views.where(s.where()));
        return d;
    }
}
