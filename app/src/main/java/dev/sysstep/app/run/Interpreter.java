package dev.sysstep.app.run;

import dev.sysstep.app.lang.Command;
import dev.sysstep.app.lang.CommandSpecs;
import dev.sysstep.app.lang.Constants;
import dev.sysstep.app.lang.Expr;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.lang.Parser;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Hex;
import dev.sysstep.app.view.StepView;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.session.Motion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SyscallResult;
import dev.sysstep.core.session.SysstepException;
import dev.sysstep.core.session.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Executes commands of the sysstep language against a session and writes what they show. The REPL,
 * scripts and {@code -c} all go through here, so a command behaves the same everywhere. Errors are
 * one line naming what was wrong; the session always survives them.
 */
public final class Interpreter {
    /** Scripts may include scripts, but not endlessly. */
    static final int MAX_SOURCE_DEPTH = 16;
    /** No script is longer than this (bounded input). */
    static final int MAX_SCRIPT_LINES = 100_000;

    private final Session session;
    private final Output out;
    private final Supplier<String> pauseInput;
    private boolean quiet;
    private int expectFailures;
    private int errors;
    private int depth;

    /**
     * @param pauseInput reads a line for {@code pause}; null when nothing interactive is attached
     */
    public Interpreter(Session session, Output out, Supplier<String> pauseInput) {
        this.session = session;
        this.out = out;
        this.pauseInput = pauseInput;
    }

    public Session session() {
        return session;
    }

    public void setQuiet(boolean q) {
        quiet = q;
    }

    public int expectFailures() {
        return expectFailures;
    }

    public int errors() {
        return errors;
    }

    /** Parses and runs one line (one or more commands); {@code where} prefixes messages (file:line). */
    public Outcome runLine(String line, String where) {
        List<Command> commands;
        try {
            commands = Parser.parseLine(line);
        } catch (ParseException e) {
            errors++;
            out.error(where, e.getMessage());
            return Outcome.ERROR;
        }
        return runCommands(commands, where);
    }

    /** Runs the parsed commands of one line; stops at the first error or quit. */
    private Outcome runCommands(List<Command> commands, String where) {
        Outcome result = Outcome.OK;
        for (Command c : commands) {
            Outcome o = run(c, where);
            if (o == Outcome.QUIT || o == Outcome.ERROR) {
                return o;
            }
            if (o == Outcome.EXPECT_FAILED) {
                result = o;
            }
        }
        return result;
    }

    /** Runs one parsed command. */
    public Outcome run(Command c, String where) {
        try {
            return execute(c, where);
        } catch (SysstepException | ParseException | IllegalArgumentException e) {
            errors++;
            out.error(where, e.getMessage());
            return Outcome.ERROR;
        }
    }

    private void show(Doc d) {
        out.doc(d);
    }

    /** Steps and confirmations of setup commands: what -q leaves out. */
    private void showMotion(Doc d) {
        if (!quiet) {
            out.doc(d);
        }
    }

    private void confirm(Doc d) {
        showMotion(d);
    }

    private Outcome execute(Command c, String where) throws ParseException {
        if (c instanceof Command.Move m) {
            move(m);
        } else if (c instanceof Command.Goto g) {
            showMotion(StepView.jump(session, gotoTarget(g.target())));
        } else if (c instanceof Command.Break b) {
            Session.Breakpoint bp = session.addBreakpoint(b.glob());
            confirm(Doc.of("breakpoint " + bp.id() + " at " + bp.glob(), Style.PLAIN));
        } else if (c instanceof Command.Watch w) {
            Session.Watch wp = session.addWatch(w.target());
            confirm(Doc.of("watch " + wp.id() + ": " + wp.target().name(), Style.PLAIN));
        } else if (c instanceof Command.Delete d) {
            session.delete(d.id());
            confirm(Doc.of(d.id() == null ? "deleted all breakpoints and watches" : "deleted " + d.id(), Style.PLAIN));
        } else if (c instanceof Command.Show s) {
            show(view(s));
        } else if (c instanceof Command.Source s) {
            return source(s, where);
        } else if (c instanceof Command.Examine x) {
            show(examine(x));
        } else if (c instanceof Command.Diff d) {
            diff(d);
        } else if (c instanceof Command.Set s) {
            set(s);
        } else if (c instanceof Command.Program p) {
            session.setProgram(p.program());
            confirm(Views.program(session.program(), session.config().version()).append(Doc.of("the run restarted", Style.DIM)));
        } else if (c instanceof Command.ShowProgram) {
            show(Views.program(session.program(), session.config().version()));
        } else if (c instanceof Command.Open o) {
            int fd = session.openFile(o.path(), o.mode(), o.fd());
            confirm(Doc.of("fd " + fd + ": " + Escape.text(o.path()) + " " + o.mode().name().toLowerCase(Locale.ROOT),
                    Style.PLAIN));
        } else if (c instanceof Command.Pipe p) {
            session.pipe(p.readFd(), p.writeFd());
            confirm(Doc.of("pipe: read end fd " + p.readFd() + ", write end fd " + p.writeFd(), Style.PLAIN));
        } else if (c instanceof Command.Mem m) {
            long a = value(m.address());
            session.setMemory(a, m.data());
            confirm(Doc.of(m.data().length + " bytes at " + Hex.x(a), Style.PLAIN));
        } else if (c instanceof Command.TerminalInput t) {
            session.setTerminalInput(t.data());
            confirm(Doc.of("terminal input: " + Escape.quoted(t.data(), 64), Style.PLAIN));
        } else if (c instanceof Command.Config cfg) {
            config(cfg);
        } else if (c instanceof Command.Expect e) {
            return expect(e, where);
        } else if (c instanceof Command.Echo e) {
            show(Doc.of(Escape.text(e.text()).replace("\\x0a", "\n"), Style.PLAIN));
        } else if (c instanceof Command.Pause p) {
            pause(p);
        } else if (c instanceof Command.Help h) {
            show(help(h.topic()));
        } else if (c instanceof Command.Quit) {
            return Outcome.QUIT;
        }
        return Outcome.OK;
    }

    // ---------------------------------------------------------------- motion

    private void move(Command.Move m) {
        Motion motion = switch (m.kind()) {
            case STEP -> session.step(m.count());
            case STEPI -> session.stepi(m.count());
            case NEXT -> session.next();
            case FINISH -> session.finish();
            case CONTINUE -> session.cont();
            case RUN -> session.run();
            case BACK -> session.back(m.count());
            case BACKI -> session.backi(m.count());
            case RESET -> session.reset();
        };
        if (motion.stop() == Motion.Stop.NONE) {
            show(Doc.of(session.finished() ? "the path has ended; `back`, `goto N` or `reset` to go on"
                    : "already at the start", Style.WARNING));
            return;
        }
        Doc d = switch (m.kind()) {
            case NEXT -> StepView.overCalls(session, motion, true);
            case FINISH -> StepView.overCalls(session, motion, false);
            case BACK, BACKI -> StepView.backward(session, motion);
            case RESET -> Doc.of("< reset: back at step 0, before " + session.currentPhase().map(Phase::id).orElse("the end")
                    + "; what ran is forgotten, the setup is kept", Style.HEADER);
            default -> StepView.forward(session, motion);
        };
        if (motion.forward() && !session.finished()) {
            d.append(Views.where(session));
        }
        showMotion(d);
    }

    private Motion gotoTarget(String target) throws ParseException {
        if (!target.isEmpty() && Character.isDigit(target.charAt(0))) {
            return session.goTo((int) Math.min(Expr.number(target), Integer.MAX_VALUE));
        }
        return session.goTo(target);
    }

    // ---------------------------------------------------------------- views

    private Doc view(Command.Show s) throws ParseException {
        return switch (s.view()) {
            case REGS -> Views.regs(session, s.arg() != null);
            case FLAGS -> Views.flags(session);
            case MSR -> Views.msr(session, s.arg());
            case CR3 -> Views.cr3(session);
            case STACK -> Views.stack(session, s.arg() == null ? 8 : (int) Expr.number(s.arg()));
            case PTREGS -> Views.ptregs(session);
            case BT -> Views.bt(session);
            case PHASES -> Views.phases(session);
            case WHERE -> Views.where(session);
            case FDS -> Views.fds(session);
            case TERMINAL -> Views.terminal(session);
            case EXPLAIN -> Views.explain(phase(s.arg()));
            case CONFIG -> Views.config(session.config());
            case BREAKPOINTS -> Views.breakpoints(session);
            case PROGRAM -> Views.program(session.program(), session.config().version());
            case RESULT -> Views.result(session);
        };
    }

    private Phase phase(String id) {
        if (id == null) {
            return session.currentPhase().or(session::previousPhase)
                    .orElseThrow(() -> new SysstepException("no phase here; name one"));
        }
        return session.code().phaseById(id).orElseThrow(() -> new SysstepException(
                dev.sysstep.app.lang.Targets.unknownPhase(id, session.code())));
    }

    private Outcome source(Command.Source s, String where) {
        if (s.arg() == null || session.code().phaseById(s.arg()).isPresent()) {
            show(Views.source(phase(s.arg())));
            return Outcome.OK;
        }
        if (depth >= MAX_SOURCE_DEPTH) {
            throw new SysstepException("source: scripts nested more than " + MAX_SOURCE_DEPTH + " deep");
        }
        Path p = Path.of(s.arg());
        if (!Files.exists(p)) {
            throw new SysstepException("source: '" + Escape.text(s.arg()) + "' is neither a phase id nor a file");
        }
        List<String> lines;
        try {
            lines = ScriptReader.read(p);
        } catch (ScriptReader.ScriptException e) {
            throw new SysstepException("source: " + Escape.text(e.getMessage()));
        }
        depth++;
        try {
            return runScript(p, lines, false);
        } finally {
            depth--;
        }
    }

    /**
     * Runs a script's lines. Every line is parsed first; a line that does not parse stops the script
     * before anything runs. Then lines run in order; an error stops it, and so does a failed expect
     * unless {@code keepGoing}.
     */
    public Outcome runScript(Path file, List<String> lines, boolean keepGoing) {
        return runScript(file == null ? "-" : file.toString(), lines, keepGoing);
    }

    /** As {@link #runScript(Path, List, boolean)}; {@code name} prefixes messages ("-c" for command-line commands). */
    public Outcome runScript(String name, List<String> lines, boolean keepGoing) {
        if (lines.size() > MAX_SCRIPT_LINES) {
            errors++;
            out.error(name, "the script has " + lines.size() + " lines; at most " + MAX_SCRIPT_LINES + " are allowed");
            return Outcome.ERROR;
        }
        boolean parseErrors = false;
        List<List<Command>> parsed = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                parsed.add(Parser.parseLine(lines.get(i)));
            } catch (ParseException e) {
                parseErrors = true;
                errors++;
                out.error(lineName(name, i, lines.size()), e.getMessage());
            }
        }
        if (parseErrors) {
            return Outcome.ERROR;
        }
        Outcome result = Outcome.OK;
        for (int i = 0; i < lines.size(); i++) {
            Outcome o = runCommands(parsed.get(i), lineName(name, i, lines.size()));
            if (o == Outcome.QUIT) {
                return o;
            }
            if (o == Outcome.ERROR && !keepGoing) {
                return o;
            }
            if (o == Outcome.EXPECT_FAILED) {
                result = Outcome.EXPECT_FAILED;
                if (!keepGoing) {
                    return o;
                }
            }
            if (o == Outcome.ERROR) {
                result = Outcome.ERROR;
            }
        }
        return result;
    }

    /** "file:line", or just "-c" for one line of command-line commands. */
    private static String lineName(String name, int index, int count) {
        return name.equals("-c") && count == 1 ? name : name + ":" + (index + 1);
    }

    // ---------------------------------------------------------------- values

    /** Names in expressions: registers, pt_regs fields, constants, symbols. */
    long resolve(String raw) throws ParseException {
        String name = raw.startsWith("$") || raw.startsWith("%") ? raw.substring(1) : raw;
        Optional<Target> t = Target.parse(name);
        if (t.isPresent() && (!(t.get() instanceof Target.Register r) || !Constants.value(name).isPresent()
                || r.reg().isGpr())) {
            long[] v = session.read(t.get());
            if (v[1] != 0) {
                throw new ParseException(name + " is unknown here (left by compiled C, not simulated)");
            }
            return v[0];
        }
        var k = Constants.value(name);
        if (k.isPresent()) {
            return k.getAsLong();
        }
        var sym = session.symbols().byName(name);
        if (sym.isPresent()) {
            return sym.get().address();
        }
        if (name.equalsIgnoreCase("pt_regs") || name.equalsIgnoreCase("ptregs")) {
            return session.ptRegsAddress();
        }
        throw new ParseException(unknownName(name));
    }

    private static String unknownName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ptregs.") || lower.startsWith("pt_regs")) {
            return dev.sysstep.app.lang.Targets.unknown(name);
        }
        if (lower.matches("[re][a-z0-9]{1,3}")) {
            return dev.sysstep.app.lang.Targets.unknown(name);
        }
        return "unknown name '" + name + "' (a register, ptregs.FIELD, an errno such as EBADF, a flag such as TF, "
                + "or a symbol such as TSS.sp2)";
    }

    long value(String expr) throws ParseException {
        return Expr.evaluate(expr, this::resolve);
    }

    // ---------------------------------------------------------------- set

    private void set(Command.Set s) throws ParseException {
        long v = value(s.expr());
        if (s.target().startsWith("*")) {
            long addr = value(s.target().substring(1));
            long cur = s.op().equals("=") ? 0 : session.memory().read64(addr);
            long next = combine(s.op(), cur, v);
            session.setMemory(addr, Bytes.le(next, 8));
            confirm(Doc.of("*" + Hex.x(addr) + " = " + Hex.q(next), Style.PLAIN));
            return;
        }
        Target t = Target.parse(s.target()).orElseThrow(() -> new ParseException(
                dev.sysstep.app.lang.Targets.unknown(s.target())));
        long[] cur = session.read(t);
        long next = combine(s.op(), cur[0], v);
        if (t instanceof Target.PtRegsField f) {
            session.setPtRegs(f.field(), next);
        } else {
            Target.Register r = (Target.Register) t;
            session.setRegister(r.reg(), next);
            if (session.position() == 0 && !session.program().isBare() && isLoadedByPrelude(r.reg())) {
                show(Doc.of("note: the program's first instructions load " + r.reg().label()
                        + "; use `program bare`, or step to the syscall first, to keep this value", Style.WARNING));
            }
        }
        confirm(Doc.of(t.name() + " = " + Hex.q(session.read(t)[0]), Style.PLAIN));
    }

    private boolean isLoadedByPrelude(Reg r) {
        return session.program().prelude().stream().anyMatch(l -> l.register().equals(r.label()));
    }

    private static long combine(String op, long cur, long v) {
        return switch (op) {
            case "|=" -> cur | v;
            case "&=" -> cur & v;
            case "^=" -> cur ^ v;
            default -> v;
        };
    }

    // ---------------------------------------------------------------- x, diff

    private Doc examine(Command.Examine x) throws ParseException {
        long a = value(x.address());
        Doc d = new Doc();
        if (x.format() == 's') {
            int n = 0;
            while (n < 4096 && session.memory().isMapped(a + n, 1) && session.memory().read(a + n, 1)[0] != 0) {
                n++;
            }
            byte[] bytes = session.readMemory(a, Math.max(n, 0));
            d.line().add(String.format("%016x", a), Style.ADDRESS).add("  " + label(a), Style.LABEL)
                    .add("  " + Escape.quoted(bytes, 4096));
            return d;
        }
        byte[] data = session.readMemory(a, Math.multiplyExact(x.count(), x.size()));
        int perLine = x.size() == 8 ? 1 : Math.max(1, 8 / x.size());
        for (int i = 0; i < x.count(); i += perLine) {
            long at = a + (long) i * x.size();
            Doc.Line l = d.line().add(String.format("%016x", at), Style.ADDRESS);
            if (x.size() == 8) {
                l.add("  ").add(String.format("%-36s", label(at)), Style.LABEL);
            } else {
                l.add(":", Style.DIM);
            }
            for (int j = i; j < Math.min(x.count(), i + perLine); j++) {
                long v = Bytes.le(java.util.Arrays.copyOfRange(data, j * x.size(), (j + 1) * x.size()));
                l.add("  " + format(v, x.format(), x.size()));
            }
        }
        return d;
    }

    private String label(long a) {
        String l = session.labelAt(a);
        return l.isEmpty() ? "" : "<" + l + ">";
    }

    private static String format(long v, char f, int size) {
        long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        long u = v & mask;
        return switch (f) {
            case 'd' -> Long.toString(size == 8 ? v : (u << (64 - 8 * size)) >> (64 - 8 * size));
            case 'u' -> Long.toUnsignedString(u);
            case 'c' -> Escape.quoted(new byte[] {(byte) u}, 1);
            default -> "0x" + String.format("%0" + (2 * size) + "x", u);
        };
    }

    private void diff(Command.Diff d) throws ParseException {
        int to = d.to() == null ? session.position() : position(d.to());
        int from;
        if (d.from() == null) {
            if (session.position() == 0) {
                throw new SysstepException("nothing has run yet: step first, or give two step numbers");
            }
            from = session.position() - 1;
        } else {
            from = position(d.from());
        }
        Doc doc = new Doc();
        doc.line().add("diff step " + from + " -> step " + to, Style.HEADER);
        StepView.changes(doc, session, from, to);
        if (doc.lines().size() == 1) {
            doc.line().add("  no differences", Style.DIM);
        }
        show(doc);
    }

    private int position(String s) throws ParseException {
        if (Character.isDigit(s.charAt(0))) {
            long n = Expr.number(s);
            int end = session.endPosition();
            if (n < 0 || n > end) {
                throw new SysstepException("no step " + s + " (the path has steps 0.." + end + ")");
            }
            return (int) n;
        }
        phase(s);
        for (Session.PathEntry e : session.path()) {
            if (e.phase().id().equals(s)) {
                return e.position();
            }
        }
        throw new SysstepException("phase '" + s + "' is not on this run's path");
    }

    // ---------------------------------------------------------------- config

    private void config(Command.Config c) {
        KernelConfig k = session.config();
        boolean on = "on".equals(c.value());
        String note = "";
        KernelConfig next = switch (c.key()) {
            case "kernel" -> k.withVersion(KernelVersion.byLabel(c.value()).orElseThrow());
            case "kpti" -> k.withKpti(on);
            case "pcid" -> k.withPcid(on);
            case "la57" -> k.withLa57(on);
            case "cpu" -> k.withVendor(Vendor.byName(c.value()).orElseThrow());
            case "stackleak" -> k.withStackleak(on);
            case "x32" -> k.withX32(on);
            case "mitigations" -> {
                if (!on) {
                    note = "mitigations=off also turns PTI off (pti_check_boottime_disable); `config kpti on` brings it back";
                    yield k.withMitigations(EnumSet.noneOf(Mitigation.class)).withKpti(false);
                }
                yield k.withMitigations(KernelConfig.defaultMitigations(k.vendor()));
            }
            default -> k.withMitigation(Mitigation.byName(c.key()).orElseThrow(), on);
        };
        session.configure(next);
        Doc d = Views.config(next);
        if (!note.isEmpty()) {
            d.line().add("note: " + note, Style.WARNING);
        }
        d.line().add("the run restarted", Style.DIM);
        confirm(d);
    }

    // ---------------------------------------------------------------- expect

    private Outcome expect(Command.Expect e, String where) throws ParseException {
        String lhs = e.lhs().strip();
        String key = lhs.toLowerCase(Locale.ROOT);
        Optional<SyscallResult> result = session.result();
        String actual;
        String expected;
        boolean ok;
        switch (key) {
            case "phase" -> {
                actual = session.currentPhase().map(Phase::id).orElse("end");
                expected = unquote(e.rhs());
                ok = compareText(e, actual, expected);
            }
            case "terminal" -> {
                byte[] t = session.state().process().terminalOutput();
                byte[] want = bytes(e.rhs());
                actual = Escape.quoted(t, 4096);
                expected = Escape.quoted(want, 4096);
                ok = compareBytes(e, t, want);
            }
            case "exit" -> {
                actual = result.map(r -> r.outcome().kind().label()).orElse("none");
                expected = unquote(e.rhs());
                ok = compareText(e, actual.toLowerCase(Locale.ROOT), expected.toLowerCase(Locale.ROOT));
            }
            case "errno" -> {
                actual = result.flatMap(SyscallResult::errno).orElse("none");
                expected = unquote(e.rhs()).toUpperCase(Locale.ROOT).replaceFirst("^-", "");
                ok = compareText(e, actual.toUpperCase(Locale.ROOT), expected);
            }
            case "syscall" -> {
                actual = result.map(SyscallResult::syscall).orElse("none");
                expected = unquote(e.rhs());
                ok = compareText(e, actual, expected);
            }
            case "ret", "result" -> {
                long want = value(e.rhs());
                expected = describe(want);
                if (result.isEmpty() || result.get().ret().isEmpty()) {
                    actual = result.isEmpty() ? "none (the path has not ended)" : "none (no value was returned)";
                    ok = false;
                } else {
                    long a = result.get().ret().getAsLong();
                    actual = describe(a);
                    ok = compareNumbers(e.op(), a, want, true);
                }
            }
            case "step", "position" -> {
                long a = session.position();
                long want = value(e.rhs());
                actual = Long.toString(a);
                expected = Long.toString(want);
                ok = compareNumbers(e.op(), a, want, true);
            }
            default -> {
                long a = value(lhs);
                long want = value(e.rhs());
                actual = describe(a);
                expected = describe(want);
                boolean signed = e.rhs().strip().startsWith("-");
                ok = compareNumbers(e.op(), a, want, signed);
            }
        }
        if (ok) {
            return Outcome.OK;
        }
        expectFailures++;
        out.error(where, "expect " + Escape.text(e.text()) + " failed: " + Escape.text(lhs) + " is " + actual
                + ", expected " + e.op() + " " + Escape.text(expected));
        return Outcome.EXPECT_FAILED;
    }

    private static String describe(long v) {
        String s = Hex.x(v) + (v < 0 && v > -4096 ? " (" + v + Errno.name(-v).map(n -> ", -" + n).orElse("") + ")"
                : v >= 0 && v < 1_000_000 ? " (" + v + ")" : "");
        return s;
    }

    private static boolean compareText(Command.Expect e, String a, String b) throws ParseException {
        return switch (e.op()) {
            case "==" -> a.equals(b);
            case "!=" -> !a.equals(b);
            default -> throw new ParseException("expect: only == and != compare " + e.lhs().strip());
        };
    }

    private static boolean compareBytes(Command.Expect e, byte[] a, byte[] b) throws ParseException {
        return switch (e.op()) {
            case "==" -> java.util.Arrays.equals(a, b);
            case "!=" -> !java.util.Arrays.equals(a, b);
            default -> throw new ParseException("expect: only == and != compare the terminal");
        };
    }

    private static boolean compareNumbers(String op, long a, long b, boolean signed) {
        int c = signed ? Long.compare(a, b) : Long.compareUnsigned(a, b);
        return switch (op) {
            case "==" -> a == b;
            case "!=" -> a != b;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static String unquote(String s) throws ParseException {
        String t = s.strip();
        if (t.startsWith("\"") || t.startsWith("'")) {
            return new String(bytes(t), StandardCharsets.UTF_8);
        }
        return t;
    }

    private static byte[] bytes(String s) throws ParseException {
        String t = s.strip();
        if (!(t.startsWith("\"") || t.startsWith("'"))) {
            throw new ParseException("expect: compare the terminal with a string, such as \"hi\\n\"");
        }
        dev.sysstep.app.lang.Lexer.Quoted q = dev.sysstep.app.lang.Lexer.quoted(t, 0);
        if (q.end() != t.length()) {
            throw new ParseException("expect: unexpected text after the string");
        }
        return q.bytes();
    }

    // ---------------------------------------------------------------- pause, help

    private void pause(Command.Pause p) {
        if (pauseInput == null) {
            return;
        }
        show(Doc.of(p.message() == null ? "-- paused: press Enter to go on --" : Escape.text(p.message())
                + "  -- press Enter --", Style.WARNING));
        pauseInput.get();
    }

    static Doc help(String topic) {
        Doc d = new Doc();
        if (topic == null) {
            d.line().add("Commands (gdb habits work; Enter repeats a step command):", Style.TITLE);
            for (CommandSpecs.Spec s : CommandSpecs.all()) {
                if (s.usage().length() > 32) {
                    d.line().add("  " + s.usage(), Style.HEADER);
                    d.line().add(String.format("  %-34s", "")).add(firstSentence(s.help()));
                } else {
                    d.line().add(String.format("  %-34s", s.usage()), Style.HEADER).add(firstSentence(s.help()));
                }
            }
            d.line().add("help COMMAND for more; values: 0x10, -9, -EBADF, TF|IF, $rsp+8, ptregs.ip; strings take C escapes.",
                    Style.DIM);
            return d;
        }
        CommandSpecs.Spec s = CommandSpecs.spec(topic).orElseThrow(() -> new SysstepException("no command '"
                + Escape.text(topic) + "'" + CommandSpecs.suggest(topic).map(x -> " (did you mean '" + x + "'?)").orElse("")));
        d.line().add(s.usage(), Style.HEADER);
        if (!s.aliases().isEmpty()) {
            d.line().add("  also: " + String.join(", ", s.aliases()), Style.DIM);
        }
        d.line().add("  " + s.help());
        return d;
    }

    /** Up to the first full stop that ends a sentence (not the one in "e.g."). */
    private static String firstSentence(String s) {
        int from = 0;
        while (true) {
            int i = s.indexOf(". ", from);
            if (i < 0) {
                return s;
            }
            if (!s.startsWith("e.g", Math.max(0, i - 3)) && !s.startsWith("i.e", Math.max(0, i - 3))) {
                return s.substring(0, i + 1);
            }
            from = i + 2;
        }
    }
}
