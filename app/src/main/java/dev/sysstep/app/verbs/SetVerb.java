package dev.sysstep.app.verbs;

import dev.sysstep.app.command.Args;
import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.app.command.Context;
import dev.sysstep.app.command.Status;
import dev.sysstep.app.command.Verb;
import dev.sysstep.app.lang.Names;
import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.view.Doc;
import dev.sysstep.app.view.Hex;
import dev.sysstep.app.view.Style;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Target;
import java.util.List;

/**
 * {@code set [--force] TARGET [=|op] VALUE}: a register, MSR, pt_regs field or memory word, as a
 * debugger (or a tracer, for pt_regs) would set it.
 */
public final class SetVerb extends Verb<SetVerb.Assignment> {
    /** {@code target op expr}; op is "=", "|=", "&=" or "^="; {@code force} writes what ptrace would refuse. */
    public record Assignment(String target, String op, String expr, boolean force) {
        public Assignment(String target, String op, String expr) {
            this(target, op, expr, false);
        }
    }

    public SetVerb() {
        super("set", "", "set [--force] TARGET [=|op] VALUE", "Set a register, MSR, pt_regs field or memory word: set rbx "
                + "0x11, set rflags |= TF, set ptregs.ip 0x800000000000, set *0x426ff8 = 5. A selector ptrace would "
                + "refuse (ptregs.cs or ptregs.ss without RPL 3) needs --force. `set verbose on|off`: motions over several "
                + "phases show every phase in full, or a line each and the net change (the REPL's default).");
    }

    @Override
    public List<String> complete(CompletionContext c, List<String> words, int index) {
        return index == 1 ? Names.targets() : List.of();
    }

    @Override
    protected Assignment parse(Args args) throws ParseException {
        String rest = args.rest();
        boolean force = false;
        if (rest.startsWith("--force")) {
            force = true;
            rest = rest.substring("--force".length()).strip();
        }
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
        if (target.equalsIgnoreCase("verbose")) {
            if (!op.equals("=") || !(expr.equalsIgnoreCase("on") || expr.equalsIgnoreCase("off"))) {
                throw new ParseException("set verbose on|off");
            }
            return new Assignment("verbose", op, expr.toLowerCase(java.util.Locale.ROOT), false);
        }
        if (!target.startsWith("*") && Target.parse(target).isEmpty()) {
            throw new ParseException(Names.unknownTarget(target));
        }
        if (target.startsWith("*")) {
            dev.sysstep.app.lang.Expr.check(target.substring(1));
        }
        dev.sysstep.app.lang.Expr.check(expr);
        return new Assignment(target, op, expr, force);
    }

    private static int firstSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return i;
            }
        }
        return t.length();
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

    @Override
    protected Status run(Assignment a, Context ctx) throws ParseException {
        if (a.target().equals("verbose")) {
            ctx.setVerbose(a.expr().equals("on"));
            ctx.showMotion(Doc.of("verbose " + a.expr() + (a.expr().equals("on") ? ": every phase a motion passes is "
                    + "shown in full" : ": a motion over several phases shows a line per phase and the net change"),
                    Style.DIM));
            return Status.OK;
        }
        Session s = ctx.session();
        long v = ctx.value(a.expr());
        String typed = "set " + a.target() + (a.op().equals("=") ? " " : " " + a.op() + " ") + a.expr();
        if (a.target().startsWith("*")) {
            long addr = ctx.value(a.target().substring(1));
            long cur = a.op().equals("=") ? 0 : s.memory().read64(addr);
            long next = combine(a.op(), cur, v);
            s.setMemory(addr, Bytes.le(next, 8), typed);
            ctx.showMotion(Doc.of("*" + Hex.x(addr) + " = " + Hex.q(next), Style.PLAIN));
            return Status.OK;
        }
        Target t = Target.parse(a.target()).orElseThrow(() -> new ParseException(Names.unknownTarget(a.target())));
        long next = combine(a.op(), s.read(t).value(), v);
        if (t instanceof Target.PtRegsField f) {
            s.setPtRegs(f.field(), next, a.force(), typed);
        } else {
            Target.Register r = (Target.Register) t;
            s.setRegister(r.reg(), next, typed);
            if (s.position() == 0 && !s.program().isBare() && isLoadedByPrelude(s, r.reg())) {
                ctx.show(Doc.of("note: the program's first instructions load " + r.reg().label()
                        + "; use `program bare`, or step to the syscall first, to keep this value", Style.WARNING));
            }
        }
        ctx.showMotion(Doc.of(t.name() + " = " + Hex.q(s.read(t).value()), Style.PLAIN));
        return Status.OK;
    }

    private static boolean isLoadedByPrelude(Session s, Reg r) {
        return s.program().prelude().stream().anyMatch(l -> l.register().equals(r.label()));
    }

    private static long combine(String op, long cur, long v) {
        return switch (op) {
            case "|=" -> cur | v;
            case "&=" -> cur & v;
            case "^=" -> cur ^ v;
            default -> v;
        };
    }
}
