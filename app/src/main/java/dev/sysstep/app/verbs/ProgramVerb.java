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
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code program KIND ARGS…}: choose the syscall the program makes; with no arguments, show the program. */
public final class ProgramVerb extends Verb<Optional<ProgramVerb.Spec>> {
    /** The kind of program and its arguments as typed (numbers are evaluated when it runs), and a message. */
    public record Spec(String kind, List<String> numbers, byte[] message) {
        public Spec {
            numbers = List.copyOf(numbers);
            message = message == null ? null : message.clone();
        }

        @Override
        public byte[] message() {
            return message == null ? null : message.clone();
        }
    }

    public ProgramVerb() {
        super("program", "", "program write|read|getpid|exit_group|syscall|bare ...",
                "Choose the syscall the program makes: program write 1 \"hi\\n\" 3, program syscall 1000 4 0x47cfc4 3, "
                + "program bare");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? List.of("write", "read", "getpid", "exit_group", "syscall", "bare") : List.of();
    }

    @Override
    protected Optional<Spec> parse(Args args) throws ParseException {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        String kind = args.word(0).text().toLowerCase(Locale.ROOT);
        List<Words.Word> a = args.words().subList(1, args.size());
        List<String> numbers = new ArrayList<>();
        byte[] message = null;
        switch (kind) {
            case "write" -> {
                if (a.size() < 2 || a.size() > 3) {
                    throw new ParseException("program write FD \"text\" [COUNT]   or   program write FD ADDRESS COUNT");
                }
                numbers.add(a.get(0).text());
                if (a.get(1).isString()) {
                    message = a.get(1).bytes();
                    if (a.size() == 3) {
                        numbers.add(a.get(2).text());
                    }
                } else {
                    if (a.size() != 3) {
                        throw new ParseException("program write FD ADDRESS COUNT needs the count");
                    }
                    numbers.add(a.get(1).text());
                    numbers.add(a.get(2).text());
                }
            }
            case "read" -> {
                if (a.size() != 2 && a.size() != 3) {
                    throw new ParseException("program read FD [BUFFER] COUNT");
                }
                a.forEach(w -> numbers.add(w.text()));
            }
            case "getpid" -> {
                if (!a.isEmpty()) {
                    throw new ParseException("program getpid takes no arguments");
                }
            }
            case "exit_group" -> {
                if (a.size() != 1) {
                    throw new ParseException("program exit_group STATUS");
                }
                numbers.add(a.get(0).text());
            }
            case "syscall" -> {
                if (a.isEmpty() || a.size() > 7) {
                    throw new ParseException("program syscall NUMBER [up to six arguments: rdi rsi rdx r10 r8 r9]");
                }
                for (Words.Word w : a) {
                    if (w.isString()) {
                        throw new ParseException("program syscall takes numbers; put strings in memory with mem");
                    }
                    numbers.add(w.text());
                }
            }
            case "bare" -> {
                if (!a.isEmpty()) {
                    throw new ParseException("program bare takes no arguments");
                }
            }
            default -> throw new ParseException("program: unknown kind '" + kind
                    + "' (write, read, getpid, exit_group, syscall, bare)");
        }
        for (Words.Word w : a) {
            if (w.isString() && !kind.equals("write")) {
                throw new ParseException("program " + kind + " takes numbers");
            }
        }
        return Optional.of(new Spec(kind, numbers, message));
    }

    @Override
    protected Status run(Optional<Spec> spec, Context ctx) throws ParseException {
        Session s = ctx.session();
        if (spec.isEmpty()) {
            ctx.show(Views.program(s.program(), s.config().version()));
            return Status.OK;
        }
        UserProgram p = program(spec.get(), ctx);
        s.setProgram(p);
        ctx.showMotion(Views.program(s.program(), s.config().version()).append(Doc.of("the run restarted", Style.DIM)));
        return Status.OK;
    }

    private static UserProgram program(Spec spec, Context ctx) throws ParseException {
        long[] n = new long[spec.numbers().size()];
        for (int i = 0; i < n.length; i++) {
            String text = spec.numbers().get(i);
            // the program's own message is in .rodata whatever program runs now
            n[i] = text.equals("msg") ? Layout.USER_MSG : ctx.value(text);
        }
        return switch (spec.kind()) {
            case "write" -> spec.message() != null
                    ? UserProgram.write(n[0], spec.message(), n.length > 1 ? n[1] : spec.message().length)
                    : UserProgram.syscall(1, n[0], n[1], n[2]);
            case "read" -> n.length == 2 ? UserProgram.syscall(0, n[0], Layout.USER_READ_BUFFER, n[1])
                    : UserProgram.syscall(0, n[0], n[1], n[2]);
            case "getpid" -> UserProgram.syscall(39);
            case "exit_group" -> UserProgram.syscall(231, n[0]);
            case "syscall" -> UserProgram.syscall(n[0], java.util.Arrays.copyOfRange(n, 1, n.length));
            default -> UserProgram.bare();
        };
    }
}
