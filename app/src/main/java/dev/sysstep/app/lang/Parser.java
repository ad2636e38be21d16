package dev.sysstep.app.lang;

import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns one command of the sysstep language into a {@link Command}. */
public final class Parser {
    private Parser() {
    }

    /** Parses every command of a line (commands are separated by ';'). */
    public static List<Command> parseLine(String line) throws ParseException {
        List<Command> out = new ArrayList<>();
        for (Lexer.Segment s : Lexer.commands(line)) {
            out.add(parse(s.text()));
        }
        return out;
    }

    public static Command parse(String text) throws ParseException {
        String t = text.strip();
        int sp = firstSpace(t);
        String head = t.substring(0, sp).toLowerCase(Locale.ROOT);
        String rest = t.substring(sp).strip();
        if (head.startsWith("x/") || head.equals("x")) {
            return examine(head, rest);
        }
        String name = CommandSpecs.resolve(head).orElseThrow(() -> new ParseException("unknown command '" + head + "'"
                + CommandSpecs.suggest(head).map(s -> " (did you mean '" + s + "'?)").orElse("; try help")));
        List<Words.Word> w = Words.split(rest);
        return switch (name) {
            case "step" -> move(Command.Move.Kind.STEP, w);
            case "stepi" -> move(Command.Move.Kind.STEPI, w);
            case "next" -> noArgs(name, w, new Command.Move(Command.Move.Kind.NEXT, 1));
            case "finish" -> noArgs(name, w, new Command.Move(Command.Move.Kind.FINISH, 1));
            case "continue" -> noArgs(name, w, new Command.Move(Command.Move.Kind.CONTINUE, 1));
            case "run" -> noArgs(name, w, new Command.Move(Command.Move.Kind.RUN, 1));
            case "back" -> move(Command.Move.Kind.BACK, w);
            case "backi" -> move(Command.Move.Kind.BACKI, w);
            case "reset" -> noArgs(name, w, new Command.Move(Command.Move.Kind.RESET, 1));
            case "goto" -> new Command.Goto(one(name, w, "a phase id or a step number"));
            case "break" -> new Command.Break(one(name, w, "a phase id or glob such as exit.check.*"));
            case "watch" -> watch(w);
            case "delete" -> delete(w);
            case "info" -> info(w);
            case "regs" -> new Command.Show(Command.Show.View.REGS, optional(name, w, "all"));
            case "flags" -> noArgs(name, w, new Command.Show(Command.Show.View.FLAGS, null));
            case "msr" -> new Command.Show(Command.Show.View.MSR, optional(name, w, null));
            case "cr3" -> noArgs(name, w, new Command.Show(Command.Show.View.CR3, null));
            case "stack" -> new Command.Show(Command.Show.View.STACK, optionalCount(name, w));
            case "ptregs" -> noArgs(name, w, new Command.Show(Command.Show.View.PTREGS, null));
            case "bt" -> noArgs(name, w, new Command.Show(Command.Show.View.BT, null));
            case "phases" -> noArgs(name, w, new Command.Show(Command.Show.View.PHASES, null));
            case "where" -> noArgs(name, w, new Command.Show(Command.Show.View.WHERE, null));
            case "fds" -> noArgs(name, w, new Command.Show(Command.Show.View.FDS, null));
            case "result" -> noArgs(name, w, new Command.Show(Command.Show.View.RESULT, null));
            case "terminal" -> terminal(w);
            case "explain" -> new Command.Show(Command.Show.View.EXPLAIN, optional(name, w, null));
            case "source" -> new Command.Source(optional(name, w, null));
            case "diff" -> diff(w);
            case "set" -> set(rest);
            case "program" -> program(w);
            case "open" -> open(w);
            case "pipe" -> pipe(w);
            case "mem" -> mem(w);
            case "config" -> config(w);
            case "expect" -> expect(rest);
            case "echo" -> new Command.Echo(echoText(rest));
            case "pause" -> new Command.Pause(rest.isEmpty() ? null : echoText(rest));
            case "help" -> new Command.Help(w.isEmpty() ? null : w.get(0).text());
            case "quit" -> noArgs(name, w, new Command.Quit());
            default -> throw new ParseException("command '" + name + "' is not implemented");
        };
    }

    private static int firstSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return i;
            }
        }
        return t.length();
    }

    private static Command noArgs(String name, List<Words.Word> w, Command c) throws ParseException {
        if (!w.isEmpty()) {
            throw new ParseException(name + " takes no arguments (got '" + w.get(0).text() + "')");
        }
        return c;
    }

    private static String one(String name, List<Words.Word> w, String what) throws ParseException {
        if (w.size() != 1) {
            throw new ParseException(name + " needs " + what);
        }
        return w.get(0).isString() ? new String(w.get(0).bytes(), StandardCharsets.UTF_8) : w.get(0).text();
    }

    private static String optional(String name, List<Words.Word> w, String only) throws ParseException {
        if (w.isEmpty()) {
            return null;
        }
        if (w.size() > 1) {
            throw new ParseException(name + " takes at most one argument");
        }
        String a = w.get(0).text();
        if (only != null && !a.equalsIgnoreCase(only)) {
            throw new ParseException(name + " takes only '" + only + "' (got '" + a + "')");
        }
        return a;
    }

    private static String optionalCount(String name, List<Words.Word> w) throws ParseException {
        String a = optional(name, w, null);
        if (a != null) {
            count(name, a);
        }
        return a;
    }

    static int count(String name, String text) throws ParseException {
        long n;
        try {
            n = Expr.number(text);
        } catch (ParseException e) {
            throw new ParseException(name + ": bad count '" + text + "'");
        }
        if (n < 1 || n > 100_000) {
            throw new ParseException(name + ": the count must be between 1 and 100000 (got " + text + ")");
        }
        return (int) n;
    }

    private static Command move(Command.Move.Kind kind, List<Words.Word> w) throws ParseException {
        String name = kind.name().toLowerCase(Locale.ROOT);
        if (w.isEmpty()) {
            return new Command.Move(kind, 1);
        }
        if (w.size() > 1) {
            throw new ParseException(name + " takes one optional count");
        }
        return new Command.Move(kind, count(name, w.get(0).text()));
    }

    private static Command watch(List<Words.Word> w) throws ParseException {
        String t = one("watch", w, "a register (rcx), an MSR (kernel_gs_base) or a pt_regs field (ptregs.ip)");
        if (Targets.parse(t).isEmpty()) {
            throw new ParseException(Targets.unknown(t));
        }
        return new Command.Watch(t);
    }

    private static Command delete(List<Words.Word> w) throws ParseException {
        if (w.isEmpty()) {
            return new Command.Delete(null);
        }
        return new Command.Delete(count("delete", one("delete", w, "a breakpoint number")));
    }

    private static Command info(List<Words.Word> w) throws ParseException {
        String what = one("info", w, "a topic: breakpoints, watchpoints, registers, program, config");
        return switch (what.toLowerCase(Locale.ROOT)) {
            case "breakpoints", "break", "b", "watchpoints", "watch", "watches" ->
                    new Command.Show(Command.Show.View.BREAKPOINTS, null);
            case "registers", "regs", "r" -> new Command.Show(Command.Show.View.REGS, null);
            case "program" -> new Command.Show(Command.Show.View.PROGRAM, null);
            case "config" -> new Command.Show(Command.Show.View.CONFIG, null);
            default -> throw new ParseException("info: unknown topic '" + what
                    + "' (breakpoints, watchpoints, registers, program, config)");
        };
    }

    private static Command terminal(List<Words.Word> w) throws ParseException {
        if (w.isEmpty()) {
            return new Command.Show(Command.Show.View.TERMINAL, null);
        }
        if (w.size() == 2 && w.get(0).text().equalsIgnoreCase("input") && w.get(1).isString()) {
            return new Command.TerminalInput(w.get(1).bytes());
        }
        throw new ParseException("terminal takes no arguments, or: terminal input \"text\\n\"");
    }

    private static Command diff(List<Words.Word> w) throws ParseException {
        if (w.size() > 2) {
            throw new ParseException("diff takes at most two step numbers or phase ids");
        }
        return new Command.Diff(w.isEmpty() ? null : w.get(0).text(), w.size() < 2 ? null : w.get(1).text());
    }

    private static Command examine(String head, String rest) throws ParseException {
        int count = 1;
        char format = 'x';
        int size = 8;
        if (head.startsWith("x/")) {
            String f = head.substring(2);
            int i = 0;
            while (i < f.length() && Character.isDigit(f.charAt(i))) {
                i++;
            }
            if (i > 0) {
                count = count("x", f.substring(0, i));
            }
            for (char c : f.substring(i).toCharArray()) {
                switch (c) {
                    case 'x', 'd', 'u', 'c', 's', 'a' -> format = c;
                    case 'b' -> size = 1;
                    case 'h' -> size = 2;
                    case 'w' -> size = 4;
                    case 'g' -> size = 8;
                    default -> throw new ParseException("x: unknown format letter '" + c
                            + "' (formats x d u a c s, sizes b h w g)");
                }
            }
        }
        if (rest.isEmpty()) {
            throw new ParseException("x needs an address, symbol or $register, such as x/8gx $rsp");
        }
        if (format == 'c' || format == 's') {
            size = 1;
        }
        return new Command.Examine(count, format, size, rest);
    }

    private static Command set(String rest) throws ParseException {
        if (rest.isEmpty()) {
            throw new ParseException("set needs a target and a value, such as: set rbx 0x1111111111111111");
        }
        String target;
        String op;
        String expr;
        int at = assignment(rest);
        if (at >= 0) {
            int len = rest.charAt(at) == '=' ? 1 : 2;
            target = rest.substring(0, at).strip();
            op = rest.substring(at, at + len);
            expr = rest.substring(at + len).strip();
        } else {
            int sp = firstSpace(rest);
            target = rest.substring(0, sp);
            op = "=";
            expr = rest.substring(sp).strip();
        }
        if (target.isEmpty() || expr.isEmpty()) {
            throw new ParseException("set needs a target and a value, such as: set rbx 0x1111111111111111");
        }
        if (!target.startsWith("*") && Targets.parse(target).isEmpty()) {
            throw new ParseException(Targets.unknown(target));
        }
        return new Command.Set(target, op, expr);
    }

    /** Index of the assignment operator (=, |=, &=, ^=) outside quotes, or -1. */
    private static int assignment(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' && (i + 1 >= s.length() || s.charAt(i + 1) != '=')) {
                if (i > 0 && "|&^".indexOf(s.charAt(i - 1)) >= 0) {
                    return i - 1;
                }
                if (i > 0 && "!<>=".indexOf(s.charAt(i - 1)) >= 0) {
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    static long constant(String text) throws ParseException {
        return Expr.evaluate(text, Parser::constantName);
    }

    /** Names usable without a session: errno names, flags, selectors and the program's msg. */
    static long constantName(String name) throws ParseException {
        if (name.equals("msg")) {
            return Layout.USER_MSG;
        }
        return Constants.value(name).orElseThrow(() -> new ParseException("unknown name '" + name + "'"));
    }

    private static Command program(List<Words.Word> w) throws ParseException {
        if (w.isEmpty()) {
            return new Command.ShowProgram();
        }
        String kind = w.get(0).text().toLowerCase(Locale.ROOT);
        List<Words.Word> a = w.subList(1, w.size());
        switch (kind) {
            case "write" -> {
                if (a.size() < 2 || a.size() > 3) {
                    throw new ParseException("program write FD \"text\" [COUNT]   or   program write FD ADDRESS COUNT");
                }
                long fd = constant(a.get(0).text());
                if (a.get(1).isString()) {
                    byte[] msg = a.get(1).bytes();
                    long count = a.size() == 3 ? constant(a.get(2).text()) : msg.length;
                    return new Command.Program(UserProgram.write(fd, msg, count));
                }
                if (a.size() != 3) {
                    throw new ParseException("program write FD ADDRESS COUNT needs the count");
                }
                return new Command.Program(UserProgram.syscall(1, fd, constant(a.get(1).text()), constant(a.get(2).text())));
            }
            case "read" -> {
                if (a.size() == 2) {
                    return new Command.Program(UserProgram.syscall(0, constant(a.get(0).text()), Layout.USER_READ_BUFFER,
                            constant(a.get(1).text())));
                }
                if (a.size() == 3) {
                    return new Command.Program(UserProgram.syscall(0, constant(a.get(0).text()), constant(a.get(1).text()),
                            constant(a.get(2).text())));
                }
                throw new ParseException("program read FD [BUFFER] COUNT");
            }
            case "getpid" -> {
                if (!a.isEmpty()) {
                    throw new ParseException("program getpid takes no arguments");
                }
                return new Command.Program(UserProgram.syscall(39));
            }
            case "exit_group" -> {
                if (a.size() != 1) {
                    throw new ParseException("program exit_group STATUS");
                }
                return new Command.Program(UserProgram.syscall(231, constant(a.get(0).text())));
            }
            case "syscall" -> {
                if (a.isEmpty() || a.size() > 7) {
                    throw new ParseException("program syscall NUMBER [up to six arguments: rdi rsi rdx r10 r8 r9]");
                }
                long nr = constant(a.get(0).text());
                long[] args = new long[a.size() - 1];
                for (int i = 1; i < a.size(); i++) {
                    if (a.get(i).isString()) {
                        throw new ParseException("program syscall takes numbers; put strings in memory with mem");
                    }
                    args[i - 1] = constant(a.get(i).text());
                }
                return new Command.Program(UserProgram.syscall(nr, args));
            }
            case "bare" -> {
                if (!a.isEmpty()) {
                    throw new ParseException("program bare takes no arguments");
                }
                return new Command.Program(UserProgram.bare());
            }
            default -> throw new ParseException("program: unknown kind '" + kind
                    + "' (write, read, getpid, exit_group, syscall, bare)");
        }
    }

    private static Command open(List<Words.Word> w) throws ParseException {
        if (w.size() != 2 && w.size() != 4) {
            throw new ParseException("open PATH rdonly|wronly|rdwr [as FD]");
        }
        String path = w.get(0).isString() ? new String(w.get(0).bytes(), StandardCharsets.UTF_8) : w.get(0).text();
        Session.OpenMode mode = switch (w.get(1).text().toLowerCase(Locale.ROOT).replace("o_", "")) {
            case "rdonly", "r", "ro" -> Session.OpenMode.RDONLY;
            case "wronly", "w", "wo" -> Session.OpenMode.WRONLY;
            case "rdwr", "rw" -> Session.OpenMode.RDWR;
            default -> throw new ParseException("open: mode must be rdonly, wronly or rdwr (got '" + w.get(1).text() + "')");
        };
        Integer fd = null;
        if (w.size() == 4) {
            if (!w.get(2).text().equalsIgnoreCase("as")) {
                throw new ParseException("open PATH MODE as FD (got '" + w.get(2).text() + "')");
            }
            fd = (int) constant(w.get(3).text());
        }
        return new Command.Open(path, mode, fd);
    }

    private static Command pipe(List<Words.Word> w) throws ParseException {
        if (w.size() != 2) {
            throw new ParseException("pipe READ_FD WRITE_FD, such as: pipe 3 4");
        }
        return new Command.Pipe((int) constant(w.get(0).text()), (int) constant(w.get(1).text()));
    }

    private static Command mem(List<Words.Word> w) throws ParseException {
        if (w.size() != 2 || !w.get(1).isString()) {
            throw new ParseException("mem ADDRESS \"bytes\", such as: mem 0x47cfc4 \"hi\\n\"");
        }
        return new Command.Mem(w.get(0).text(), w.get(1).bytes());
    }

    private static Command config(List<Words.Word> w) throws ParseException {
        if (w.isEmpty()) {
            return new Command.Show(Command.Show.View.CONFIG, null);
        }
        if (w.size() != 2) {
            throw new ParseException("config KEY VALUE, such as: config kernel 5.14, config kpti off, config cpu amd");
        }
        String key = w.get(0).text().toLowerCase(Locale.ROOT);
        String value = w.get(1).text().toLowerCase(Locale.ROOT);
        if (!ConfigKeys.KEYS.contains(key)) {
            throw new ParseException("config: unknown key '" + key + "' (" + String.join(", ", ConfigKeys.KEYS) + ")");
        }
        ConfigKeys.validate(key, value);
        return new Command.Config(key, value);
    }

    private static final String[] COMPARISONS = {"==", "!=", "<=", ">=", "<", ">"};

    private static Command expect(String rest) throws ParseException {
        if (rest.isEmpty()) {
            throw new ParseException("expect needs a comparison, such as: expect rax == 3");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"' || c == '\'') {
                i = Lexer.quoted(rest, i).end() - 1;
                continue;
            }
            if (rest.startsWith("<<", i) || rest.startsWith(">>", i)) {
                i++;
                continue;
            }
            for (String op : COMPARISONS) {
                if (rest.startsWith(op, i)) {
                    String lhs = rest.substring(0, i).strip();
                    String rhs = rest.substring(i + op.length()).strip();
                    if (lhs.isEmpty() || rhs.isEmpty()) {
                        throw new ParseException("expect needs a value on both sides of " + op);
                    }
                    return new Command.Expect(lhs, op, rhs, rest);
                }
            }
        }
        throw new ParseException("expect needs one of == != < <= > >= (got '" + rest + "')");
    }

    private static String echoText(String rest) throws ParseException {
        String r = rest.strip();
        if (r.startsWith("\"") || r.startsWith("'")) {
            Lexer.Quoted q = Lexer.quoted(r, 0);
            if (q.end() != r.length()) {
                throw new ParseException("echo takes one string, or plain text");
            }
            return new String(q.bytes(), StandardCharsets.UTF_8);
        }
        return r;
    }
}
