package dev.sysstep.app.cli;

import dev.sysstep.app.run.Recorder;
import dev.sysstep.app.teach.Frame;
import dev.sysstep.app.teach.Lecture;
import dev.sysstep.app.teach.Screen;
import dev.sysstep.app.view.Renderer;
import dev.sysstep.app.view.Theme;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sysstep present [SCRIPT | lesson NAME]}: full screen, one phase per screen, for a projector. */
@Command(name = "present", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Full screen, one phase per screen: the strip of where the run stands (user, SYSCALL, entry, "
                + "dispatch, handler, exit checks, SYSRET/IRET) with the CPL, the page tables and the GS base; the "
                + "phase's title, instructions and changes; the kernel stack with pt_regs filling slot by slot; the "
                + "SYSRET checks ticking on the exit. A script's echo and pause texts are slides between phases.",
            "", "Keys: Space, Enter or -> next; <- or Backspace back; g go to a phase or step; e explanation; "
                + "s source; ? help; q quit. Without SCRIPT: the default program's whole path."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:usage error, no terminal, or a script that does not parse or fails",
            "3:internal error"})
public final class PresentCommand implements Callable<Integer> {
    private final Env env;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProfileOptions profile;

    @Mixin
    ColorOption color;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--record", paramLabel = "FILE.cast", description = "Also record the screens as an asciicast v2 file, "
            + "with a marker at each phase.")
    Path record;

    @Parameters(paramLabel = "SCRIPT | lesson NAME", arity = "0..2", description = "A script, or a shipped lesson.")
    List<String> source = new ArrayList<>();

    public PresentCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        ScriptSource src = ScriptSource.of(source, env, cl);
        Theme theme = color.theme(env, cl);
        Lecture lecture = src.capture(profile.newSession(cl), budget, env,
                "sysstep present: the script did not run cleanly; nothing was shown");
        if (lecture == null) {
            return 2;
        }
        if (lecture.frames().isEmpty()) {
            env.err().println("sysstep present: the script passes no phase and shows no text");
            return 2;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("sysstep").jni(true).exec(false).ffm(false)
                .jna(false).jansi(false).build()) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                env.err().println("sysstep present: needs a terminal (try `sysstep export --format html` for a handout)");
                return 2;
            }
            boolean colorOn = color.decide(env, true);
            Recorder recorder = record == null ? null : new Recorder(record, terminal.getWidth(), terminal.getHeight(),
                    src.title() == null ? "sysstep present" : src.title());
            new Show(terminal, lecture.frames(), new Renderer(colorOn, theme, terminal::getWidth), recorder).run();
            if (recorder != null) {
                recorder.write();
            }
            return 0;
        }
    }

    /** The full-screen loop: draw, read a key, move. The terminal is restored however it ends. */
    static final class Show {
        private final Terminal terminal;
        private final List<Frame> frames;
        private final Renderer style;
        private final Recorder recorder;
        private int index;
        private Screen.Overlay overlay = Screen.Overlay.NONE;

        Show(Terminal terminal, List<Frame> frames, Renderer style, Recorder recorder) {
            this.terminal = terminal;
            this.frames = frames;
            this.style = style;
            this.recorder = recorder;
        }

        void run() {
            Attributes saved = rawWithoutSignals();
            Thread restore = new Thread(() -> restore(saved), "sysstep-restore-terminal");
            Runtime.getRuntime().addShutdownHook(restore);
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.handle(Terminal.Signal.WINCH, s -> draw());
            try {
                draw();
                loop();
            } finally {
                restore(saved);
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook restores
                }
            }
        }

        /**
         * Raw mode with Ctrl-C as a key (quit, through the same path as q): the terminal is restored and
         * the recording written, rather than the process killed with the alternate screen still up.
         * Returns the attributes before.
         */
        private Attributes rawWithoutSignals() {
            Attributes before = terminal.enterRawMode();
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
            terminal.setAttributes(raw);
            return before;
        }

        private void loop() {
            KeyMap<String> keys = keyMap();
            BindingReader reader = new BindingReader(terminal.reader());
            while (true) {
                String op = reader.readBinding(keys);
                if (op == null || op.equals("quit")) {
                    return;
                }
                switch (op) {
                    case "next" -> move(index + 1);
                    case "back" -> move(index - 1);
                    case "first" -> move(0);
                    case "last" -> move(frames.size() - 1);
                    case "explain" -> toggle(Screen.Overlay.EXPLANATION);
                    case "source" -> toggle(Screen.Overlay.SOURCE);
                    case "help" -> toggle(Screen.Overlay.HELP);
                    case "goto" -> goTo();
                    default -> { }
                }
            }
        }

        private KeyMap<String> keyMap() {
            KeyMap<String> k = new KeyMap<>();
            k.bind("next", " ", "\r", "\n", "l", "n", "j", KeyMap.key(terminal, Capability.key_right),
                    KeyMap.key(terminal, Capability.key_npage), "\u001b[C", "\u001bOC");
            k.bind("back", "\u007f", "\b", "h", "p", "k", KeyMap.key(terminal, Capability.key_left),
                    KeyMap.key(terminal, Capability.key_ppage), "\u001b[D", "\u001bOD");
            k.bind("first", KeyMap.key(terminal, Capability.key_home), "\u001b[H", "\u001b[1~");
            k.bind("last", KeyMap.key(terminal, Capability.key_end), "\u001b[F", "\u001b[4~");
            k.bind("quit", "q", "Q", "\u0003", "\u0004");
            k.bind("explain", "e");
            k.bind("source", "s");
            k.bind("help", "?");
            k.bind("goto", "g");
            k.setAmbiguousTimeout(50);
            return k;
        }

        private void toggle(Screen.Overlay o) {
            overlay = overlay == o ? Screen.Overlay.NONE : o;
            draw();
        }

        private void move(int to) {
            int clamped = Math.max(0, Math.min(frames.size() - 1, to));
            if (clamped != index || overlay != Screen.Overlay.NONE) {
                index = clamped;
                overlay = Screen.Overlay.NONE;
                draw();
            }
        }

        /** Asks for a phase id or step number on the last line (Tab completes ids) and goes there. */
        private void goTo() {
            List<String> ids = frames.stream().filter(f -> !f.isSlide()).map(f -> f.run().phase().id()).distinct().toList();
            LineReader lr = LineReaderBuilder.builder().terminal(terminal).completer(new StringsCompleter(ids))
                    .option(LineReader.Option.CASE_INSENSITIVE, true).build();
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.cursor_address, terminal.getHeight() - 1, 0);
            terminal.puts(Capability.clr_eol);
            String answer;
            try {
                answer = lr.readLine("go to (phase id or step): ").strip();
            } catch (org.jline.reader.UserInterruptException | org.jline.reader.EndOfFileException e) {
                answer = "";
            } finally {
                terminal.puts(Capability.cursor_invisible);
                rawWithoutSignals();
            }
            int target = find(answer);
            if (target >= 0) {
                index = target;
                overlay = Screen.Overlay.NONE;
            }
            draw();
        }

        /** The first screen of the phase {@code answer} names, or of the step it numbers; -1 if none. */
        int find(String answer) {
            if (answer.isEmpty()) {
                return -1;
            }
            if (answer.chars().allMatch(Character::isDigit) && answer.length() < 9) {
                int step = Integer.parseInt(answer);
                for (int i = 0; i < frames.size(); i++) {
                    Frame f = frames.get(i);
                    if (!f.isSlide() && f.run().from() < step && step <= f.run().to()) {
                        return i;
                    }
                }
                return -1;
            }
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                if (!f.isSlide() && f.run().phase().id().equalsIgnoreCase(answer)) {
                    return i;
                }
            }
            return -1;
        }

        private synchronized void draw() {
            Frame f = frames.get(index);
            List<String> lines = Screen.render(f, index, frames.size(), terminal.getWidth(), terminal.getHeight(),
                    overlay, style);
            StringBuilder b = new StringBuilder("\u001b[H\u001b[2J");
            for (int i = 0; i < lines.size(); i++) {
                b.append(lines.get(i));
                if (i < lines.size() - 1) {
                    b.append("\r\n");
                }
            }
            if (recorder != null) {
                if (!f.isSlide() && overlay == Screen.Overlay.NONE) {
                    recorder.marker(f.run().phase().id());
                }
                recorder.output(b.toString());
            }
            terminal.writer().write(b.toString());
            terminal.flush();
        }

        private synchronized void restore(Attributes saved) {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }
}
