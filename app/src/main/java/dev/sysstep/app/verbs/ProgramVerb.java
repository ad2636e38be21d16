package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.lang.Words;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Style;
import dev.sysstep.app.view.Views;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.time.ClockId;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code program [WAY] KIND ARGS…}: choose the call the program makes and the way it enters the kernel
 * (kernel-other-entries.md): its own syscall, int $0x80, a 32-bit process, the vDSO, the vsyscall page
 * or glibc. With no arguments, show the program.
 */
public final class ProgramVerb extends Verb<Optional<ProgramVerb.Spec>> {
    /** The way in, the call as typed (numbers evaluated when it runs), and a message. */
    public record Spec(Entry entry, String kind, List<String> numbers, byte[] message) {
        public Spec {
            numbers = List.copyOf(numbers);
            message = message == null ? null : message.clone();
        }

        @Override
        public byte[] message() {
            return message == null ? null : message.clone();
        }
    }

    private static final List<String> WAYS = List.of("int80", "ia32", "vdso", "vsyscall", "libc");
    private static final List<String> CALLS = List.of("write", "read", "getpid", "exit_group", "syscall");

    public ProgramVerb() {
        super("program", "", "program [int80|ia32 [int80|syscall]|vdso|vsyscall|libc] KIND ARGS...|bare [int80]",
                "Choose the call and the way into the kernel: program write 1 \"hi\\n\" 3, program int80 write 1 \"hi\\n\" 3, "
                + "program ia32 getpid, program ia32 int80 getpid, program vdso clock_gettime monotonic, "
                + "program vsyscall time, program libc write 1 \"hi\\n\" 3, program libc syscall 39, program bare");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        if (index == 1) {
            List<String> out = new ArrayList<>(CALLS);
            out.add("bare");
            out.addAll(WAYS);
            return out;
        }
        String first = words.size() > 1 ? words.get(1).toLowerCase(Locale.ROOT) : "";
        if (index == 2) {
            return switch (first) {
                case "int80" -> List.of("write", "read", "getpid", "exit", "exit_group", "syscall");
                case "ia32" -> List.of("int80", "syscall", "write", "read", "getpid", "exit", "exit_group");
                case "vdso" -> List.of("clock_gettime", "gettimeofday", "time");
                case "vsyscall" -> List.of("gettimeofday", "time", "getcpu");
                case "libc" -> List.of("write", "syscall");
                case "bare" -> List.of("int80");
                default -> List.of();
            };
        }
        if (index == 3 && first.equals("vdso") && words.size() > 2 && words.get(2).equals("clock_gettime")) {
            return java.util.Arrays.stream(ClockId.values()).map(ClockId::word).toList();
        }
        return List.of();
    }

    @Override
    protected Optional<Spec> parse(Args args) throws ParseException {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        List<Words.Word> w = args.words();
        String first = w.get(0).text().toLowerCase(Locale.ROOT);
        switch (first) {
            case "bare" -> {
                if (w.size() == 1) {
                    return Optional.of(new Spec(Entry.SYSCALL, "bare", List.of(), null));
                }
                if (w.size() == 2 && w.get(1).text().equals("int80")) {
                    return Optional.of(new Spec(Entry.INT80, "bare", List.of(), null));
                }
                throw new ParseException("program bare [int80]: only the entry instruction, every register as set");
            }
            case "int80" -> {
                return Optional.of(call(Entry.INT80, "program int80", w.subList(1, w.size()), true));
            }
            case "ia32" -> {
                List<Words.Word> rest = w.subList(1, w.size());
                Entry e = Entry.IA32_VSYSCALL;
                if (!rest.isEmpty() && rest.get(0).text().equals("int80")) {
                    e = Entry.IA32_INT80;
                    rest = rest.subList(1, rest.size());
                } else if (!rest.isEmpty() && rest.get(0).text().equals("syscall") && rest.size() > 1
                        && !isNumber(rest.get(1))) {
                    e = Entry.IA32_SYSCALL;
                    rest = rest.subList(1, rest.size());
                }
                return Optional.of(call(e, "program " + e.word(), rest, true));
            }
            case "vdso" -> {
                return Optional.of(vdso(w.subList(1, w.size())));
            }
            case "vsyscall" -> {
                if (w.size() != 2 || !List.of("gettimeofday", "time", "getcpu").contains(w.get(1).text())) {
                    throw new ParseException("program vsyscall gettimeofday|time|getcpu");
                }
                return Optional.of(new Spec(Entry.VSYSCALL, w.get(1).text(), List.of(), null));
            }
            case "libc" -> {
                List<Words.Word> rest = w.subList(1, w.size());
                if (rest.isEmpty() || !List.of("write", "syscall").contains(rest.get(0).text())) {
                    throw new ParseException("program libc write FD \"text\" [COUNT]   or   program libc syscall NR [ARGS...]");
                }
                return Optional.of(call(Entry.LIBC, "program libc", rest, false));
            }
            default -> {
                return Optional.of(call(Entry.SYSCALL, "program", w, false));
            }
        }
    }

    private static boolean isNumber(Words.Word w) {
        return !w.isString() && !w.text().isEmpty() && Character.isDigit(w.text().charAt(0));
    }

    /** NAME ARGS…: write, read, getpid, exit_group (exit for the i386 table), or syscall NR ARGS…. */
    private static Spec call(Entry e, String prefix, List<Words.Word> w, boolean ia32) throws ParseException {
        if (w.isEmpty()) {
            throw new ParseException(prefix + " write|read|getpid|exit_group" + (ia32 ? "|exit" : "") + "|syscall ...");
        }
        String kind = w.get(0).text().toLowerCase(Locale.ROOT);
        List<Words.Word> a = w.subList(1, w.size());
        List<String> numbers = new ArrayList<>();
        byte[] message = null;
        switch (kind) {
            case "write" -> {
                if (a.size() < 2 || a.size() > 3) {
                    throw new ParseException(prefix + " write FD \"text\" [COUNT]   or   " + prefix + " write FD ADDRESS COUNT");
                }
                numbers.add(a.get(0).text());
                if (a.get(1).isString()) {
                    message = a.get(1).bytes();
                    if (a.size() == 3) {
                        numbers.add(a.get(2).text());
                    }
                } else {
                    if (a.size() != 3) {
                        throw new ParseException(prefix + " write FD ADDRESS COUNT needs the count");
                    }
                    numbers.add(a.get(1).text());
                    numbers.add(a.get(2).text());
                }
            }
            case "read" -> {
                if (a.size() != 2 && a.size() != 3) {
                    throw new ParseException(prefix + " read FD [BUFFER] COUNT");
                }
                a.forEach(x -> numbers.add(x.text()));
            }
            case "getpid" -> {
                if (!a.isEmpty()) {
                    throw new ParseException(prefix + " getpid takes no arguments");
                }
            }
            case "exit_group", "exit" -> {
                if (kind.equals("exit") && !ia32) {
                    throw new ParseException(prefix + ": exit is simulated for the i386 table only; use exit_group");
                }
                if (a.size() != 1) {
                    throw new ParseException(prefix + " " + kind + " STATUS");
                }
                numbers.add(a.get(0).text());
            }
            case "syscall" -> {
                if (a.isEmpty() || a.size() > 7) {
                    throw new ParseException(prefix + " syscall NUMBER [up to six arguments: " + (ia32
                            ? "ebx ecx edx esi edi ebp" : e == Entry.LIBC ? "the syscall's, as syscall() takes them"
                            : "rdi rsi rdx r10 r8 r9") + "]");
                }
                a.forEach(x -> numbers.add(x.text()));
            }
            case "bare" -> throw new ParseException("`program bare` and `program bare int80` take the entry first");
            default -> throw new ParseException(prefix + ": unknown kind '" + kind + "' (write, read, getpid, exit_group"
                    + (ia32 ? ", exit" : "") + ", syscall" + (e == Entry.SYSCALL ? ", bare; or a way in: int80, ia32, vdso, "
                    + "vsyscall, libc" : "") + ")");
        }
        if (e == Entry.LIBC && !kind.equals("write") && !kind.equals("syscall")) {
            throw new ParseException("program libc write|syscall ...");
        }
        for (Words.Word x : a) {
            if (x.isString() && !kind.equals("write")) {
                throw new ParseException(prefix + " " + kind + " takes numbers; put strings in memory with mem");
            }
        }
        return new Spec(e, kind, numbers, message);
    }

    /** vdso clock_gettime CLOCK | gettimeofday | time. */
    private static Spec vdso(List<Words.Word> w) throws ParseException {
        String usage = "program vdso clock_gettime CLOCK|gettimeofday|time   (CLOCK: "
                + String.join(", ", java.util.Arrays.stream(ClockId.values()).map(ClockId::word).toList()) + ")";
        if (w.isEmpty()) {
            throw new ParseException(usage);
        }
        String fn = w.get(0).text();
        switch (fn) {
            case "clock_gettime" -> {
                if (w.size() != 2) {
                    throw new ParseException(usage);
                }
                String clock = w.get(1).text();
                if (ClockId.byWord(clock).isEmpty() && !isNumber(w.get(1))) {
                    throw new ParseException("program vdso clock_gettime: unknown clock '" + clock + "' (" + String.join(", ",
                            java.util.Arrays.stream(ClockId.values()).map(ClockId::word).toList()) + ", or a number)");
                }
                return new Spec(Entry.VDSO, fn, List.of(clock), null);
            }
            case "gettimeofday", "time" -> {
                if (w.size() != 1) {
                    throw new ParseException("program vdso " + fn + " takes no arguments");
                }
                return new Spec(Entry.VDSO, fn, List.of(), null);
            }
            default -> throw new ParseException(usage);
        }
    }

    @Override
    protected Status run(Optional<Spec> spec, Context ctx) throws ParseException {
        Session s = ctx.session();
        if (spec.isEmpty()) {
            ctx.show(Views.program(s));
            return Status.OK;
        }
        UserProgram p;
        try {
            p = Programs.of(spec.get(), ctx);
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage());
        }
        List<dev.sysstep.core.session.Edit> dropped = s.setProgram(p);
        Doc d = Views.program(s).append(Doc.of("the run restarted", Style.DIM));
        Motions.keptAndDropped(d, s, dropped);
        ctx.showMotion(d);
        return Status.OK;
    }
}
