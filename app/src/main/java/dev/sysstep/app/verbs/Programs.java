package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Context;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.time.ClockId;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.I386Layout;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns a {@code program} command into the program it names, with its numbers evaluated now. */
final class Programs {
    /** The 64-bit table's numbers of the calls the verb names, and the i386 table's (syscall_32.tbl). */
    private static final long WRITE = 1;
    private static final long READ = 0;
    private static final long GETPID = 39;
    private static final long EXIT_GROUP = 231;
    private static final long I386_EXIT = 1;
    private static final long I386_READ = 3;
    private static final long I386_WRITE = 4;
    private static final long I386_GETPID = 20;
    private static final long I386_EXIT_GROUP = 252;
    /** The time syscalls the vDSO and vsyscall functions stand for (syscall_64.tbl). */
    private static final long CLOCK_GETTIME = 228;
    private static final long GETTIMEOFDAY = 96;
    private static final long TIME = 201;
    private static final long GETCPU = 309;

    private Programs() {
    }

    static UserProgram of(ProgramVerb.Spec spec, Context ctx) throws ParseException {
        Entry e = spec.entry();
        if (spec.kind().equals("bare")) {
            return e == Entry.SYSCALL ? UserProgram.bare() : UserProgram.bareVia(e);
        }
        switch (e) {
            case VDSO -> {
                String fn = spec.kind();
                return switch (fn) {
                    case "clock_gettime" -> {
                        String c = spec.numbers().get(0);
                        long id = ClockId.byWord(c).map(ClockId::id).map(Long::valueOf).orElse(0L);
                        if (ClockId.byWord(c).isEmpty()) {
                            id = ctx.value(c);
                        }
                        yield UserProgram.calling(e, fn, CLOCK_GETTIME, args(id, Layout.USER_READ_BUFFER), null);
                    }
                    case "gettimeofday" -> UserProgram.calling(e, fn, GETTIMEOFDAY, args(Layout.USER_READ_BUFFER, 0), null);
                    default -> UserProgram.calling(e, fn, TIME, args(0), null);
                };
            }
            case VSYSCALL -> {
                String fn = spec.kind();
                return switch (fn) {
                    case "gettimeofday" -> UserProgram.calling(e, fn, GETTIMEOFDAY, args(Layout.USER_READ_BUFFER, 0), null);
                    case "time" -> UserProgram.calling(e, fn, TIME, args(0), null);
                    default -> UserProgram.calling(e, fn, GETCPU, args(Layout.USER_READ_BUFFER, Layout.USER_READ_BUFFER + 4, 0),
                            null);
                };
            }
            default -> {
                return call(spec, ctx);
            }
        }
    }

    private static List<UserProgram.Arg> args(long... v) {
        List<UserProgram.Arg> out = new ArrayList<>();
        for (long x : v) {
            out.add(UserProgram.Arg.of(x));
        }
        return out;
    }

    /** write/read/getpid/exit/exit_group/syscall through the SYSCALL, int $0x80, 32-bit or glibc way. */
    private static UserProgram call(ProgramVerb.Spec spec, Context ctx) throws ParseException {
        Entry e = spec.entry();
        boolean ia32 = e.ia32Abi();
        long[] n = new long[spec.numbers().size()];
        long msgAt = e.compatProcess() ? I386Layout.MSG : Layout.USER_MSG;
        boolean pointsAtMsg = false;
        for (int i = 0; i < n.length; i++) {
            String text = spec.numbers().get(i);
            n[i] = text.equals("msg") ? msgAt : ctx.value(text);
            pointsAtMsg |= n[i] == msgAt;
        }
        long readBuffer = e.compatProcess() ? I386Layout.READ_BUFFER : Layout.USER_READ_BUFFER;
        long nr;
        List<UserProgram.Arg> a = new ArrayList<>();
        byte[] message = spec.message();
        // the test program's "hi\n" stays in .rodata whatever call it makes now: an argument that points
        // at msg finds it there, as it would in the real binary
        byte[] rodata = message != null ? message : pointsAtMsg ? UserProgram.testMessage() : null;
        switch (spec.kind()) {
            case "write" -> {
                nr = ia32 ? I386_WRITE : WRITE;
                if (message != null) {
                    a.add(UserProgram.Arg.of(n[0]));
                    a.add(new UserProgram.Arg(msgAt, true));
                    a.add(UserProgram.Arg.of(n.length > 1 ? n[1] : message.length));
                } else {
                    a.addAll(args(n[0], n[1], n[2]));
                }
            }
            case "read" -> {
                nr = ia32 ? I386_READ : READ;
                a.addAll(n.length == 2 ? args(n[0], readBuffer, n[1]) : args(n[0], n[1], n[2]));
            }
            case "getpid" -> nr = ia32 ? I386_GETPID : GETPID;
            case "exit_group" -> {
                nr = ia32 ? I386_EXIT_GROUP : EXIT_GROUP;
                a.addAll(args(n[0]));
            }
            case "exit" -> {
                nr = I386_EXIT;
                a.addAll(args(n[0]));
            }
            default -> {
                nr = n[0];
                a.addAll(args(Arrays.copyOfRange(n, 1, n.length)));
            }
        }
        if (rodata != null && message == null) {
            // shown, and loaded, as msg: `lea msg(%rip), %rsi`
            a.replaceAll(arg -> arg.value() == msgAt ? new UserProgram.Arg(msgAt, true) : arg);
        }
        if (e == Entry.SYSCALL) {
            return message != null ? UserProgram.write(n[0], message, n.length > 1 ? n[1] : message.length)
                    : UserProgram.syscall(nr, a, rodata);
        }
        if (e == Entry.LIBC) {
            String fn = spec.kind().equals("write") ? "write" : "syscall";
            return UserProgram.calling(e, fn, nr, a, rodata);
        }
        return UserProgram.via(e, nr, a, rodata);
    }
}
