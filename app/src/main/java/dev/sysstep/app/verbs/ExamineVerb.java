package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Escape;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.session.Session;
import java.util.Arrays;

/** {@code x/NFU ADDRESS}: examine memory as gdb's x does: N units, format x d u a c s, unit b h w g. */
public final class ExamineVerb extends Verb<ExamineVerb.Request> {
    /** What to show: count, format letter, unit size in bytes, and the address expression. */
    public record Request(int count, char format, int size, String address) {
    }

    public ExamineVerb() {
        super("x", "", "x[/NFU] [-k] ADDRESS", "Examine memory: N units, format x d u a c s i, unit b h w g; e.g. x/8gx "
                + "$rsp, x/s msg, x/4i $rip (the simulated instructions there). Memory is read through the current "
                + "CR3, as the CPU would; -k reads the kernel's view regardless (KPTI).");
    }

    /** {@code x/8gx}: the format is glued to the verb; the parser passes the whole head here. */
    public static Request parseFormat(String head, String rest) throws ParseException {
        int count = 1;
        char format = 'x';
        int size = 8;
        if (head.startsWith("x/")) {
            String f = head.substring(2);
            int i = 0;
            while (i < f.length() && f.charAt(i) >= '0' && f.charAt(i) <= '9') {
                i++;
            }
            if (i > 0) {
                count = Args.count("x", f.substring(0, i));
            }
            for (char c : f.substring(i).toCharArray()) {
                switch (c) {
                    case 'x', 'd', 'u', 'c', 's', 'a', 'i' -> format = c;
                    case 'b' -> size = 1;
                    case 'h' -> size = 2;
                    case 'w' -> size = 4;
                    case 'g' -> size = 8;
                    default -> throw new ParseException("x: unknown format letter '" + c
                            + "' (formats x d u a c s i, sizes b h w g)");
                }
            }
        }
        if (rest.isEmpty()) {
            throw new ParseException("x needs an address, symbol or $register, such as x/8gx $rsp");
        }
        if (format == 'c' || format == 's') {
            size = 1;
        }
        return new Request(count, format, size, rest);
    }

    @Override
    public boolean takesFormat() {
        return true;
    }

    @Override
    protected Request parse(Args args) throws ParseException {
        return parseFormat(args.verb(), args.rest());
    }

    @Override
    protected Status run(Request x, Context ctx) throws ParseException {
        boolean kernelView = x.address().startsWith("-k ") || x.address().equals("-k");
        String expr = kernelView ? x.address().substring(2).strip() : x.address();
        if (expr.isEmpty()) {
            throw new ParseException("x -k needs an address");
        }
        long a = ctx.value(expr);
        if (x.format() == 'i') {
            ctx.show(instructions(ctx.session(), a, x.count()));
            return Status.OK;
        }
        ctx.show(examine(ctx.session(), x, a, kernelView));
        return Status.OK;
    }

    /** x/Ni: the simulated instructions from {@code a} on, in address order. */
    private static Doc instructions(Session s, long a, int n) {
        int at = s.code().indexAt(a);
        if (at < 0) {
            throw new dev.sysstep.core.session.SysstepException(String.format("no simulated instruction starts at 0x%x", a));
        }
        Doc d = new Doc();
        long expect = a;
        var cpu = s.state().cpu();
        // gdb's marker for the instruction about to run, where RIP is known
        long rip = cpu.undefinedBits(dev.sysstep.core.cpu.Reg.RIP) == 0 ? cpu.get(dev.sysstep.core.cpu.Reg.RIP) : -1;
        for (int i = at; i < s.code().size() && d.lines().size() < n; i++) {
            dev.sysstep.core.code.Insn insn = s.code().insnAt(i);
            if (!insn.hasAddress() || insn.length() == 0 || insn.address() != expect) {
                break;
            }
            var phase = s.code().phaseAt(s.code().location(i));
            d.line().add(insn.address() == rip ? "=> " : "   ", Style.CURRENT)
                    .add(String.format("%016x", insn.address()), Style.ADDRESS).add("  ").add(insn.text(), Style.CODE)
                    .add("  ").comment("<" + phase.id() + ">", Style.DIM);
            expect = insn.nextAddress();
        }
        return d;
    }

    private static Doc examine(Session s, Request x, long a, boolean kernelView) {
        Doc d = new Doc();
        if (x.format() == 's') {
            int n = 0;
            while (n < 4096 && s.memory().isMapped(a + n, 1) && s.memory().read(a + n, 1)[0] != 0) {
                n++;
            }
            byte[] bytes = s.readMemory(a, n, kernelView);
            d.line().add(String.format("%016x", a), Style.ADDRESS).add("  " + label(s, a), Style.LABEL)
                    .add("  " + Escape.quoted(bytes, 4096));
            return d;
        }
        byte[] data = s.readMemory(a, Math.multiplyExact(x.count(), x.size()), kernelView);
        if (kernelView && s.userPageTablesLoaded()) {
            d.line().add("(the kernel's view: the user page tables loaded now map none of this)", Style.DIM);
        }
        int perLine = x.size() == 8 ? 1 : Math.max(1, 8 / x.size());
        for (int i = 0; i < x.count(); i += perLine) {
            long at = a + (long) i * x.size();
            Doc.Line l = d.line().add(String.format("%016x", at), Style.ADDRESS);
            if (x.size() == 8) {
                l.add("  ").add(String.format("%-36s", label(s, at)), Style.LABEL);
            } else {
                l.add(":", Style.DIM);
            }
            for (int j = i; j < Math.min(x.count(), i + perLine); j++) {
                long v = Bytes.le(Arrays.copyOfRange(data, j * x.size(), (j + 1) * x.size()));
                l.add("  " + format(v, x.format(), x.size()));
            }
        }
        return d;
    }

    private static String label(Session s, long a) {
        String l = s.labelAt(a);
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
}
