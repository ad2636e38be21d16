package dev.sysstep.app.lang;

import dev.sysstep.core.cpu.Value;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Target;
import java.util.Locale;
import java.util.Optional;

/**
 * Names in expressions, resolved against a session: registers and MSRs, pt_regs fields, constants
 * (errno names, flags, selectors, limits) and symbols ({@code TSS.sp2}, {@code msg}).
 */
public final class Resolver implements Expr.Names {
    private final Session session;

    public Resolver(Session session) {
        this.session = session;
    }

    @Override
    public long resolve(String raw) throws ParseException {
        String name = raw.startsWith("$") || raw.startsWith("%") ? raw.substring(1) : raw;
        Optional<Target> t = Target.parse(name);
        if (t.isPresent() && (!(t.get() instanceof Target.Register r)
                || Constants.value(name, session.config()).isEmpty() || r.reg().isGpr())) {
            Value v = session.read(t.get());
            if (!v.isKnown()) {
                throw new ParseException(name + " is unknown here (left by compiled C, or an address that was not observed)");
            }
            return v.value();
        }
        var k = Constants.value(name, session.config());
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

    /** Through the page tables of the current CR3, as the CPU would read it: KPTI's user half hides the kernel. */
    @Override
    public long load(long address) throws ParseException {
        try {
            return java.nio.ByteBuffer.wrap(session.readMemory(address, 8, false)).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong();
        } catch (dev.sysstep.core.session.SysstepException e) {
            throw new ParseException(e.getMessage());
        }
    }

    static String unknownName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ptregs.") || lower.startsWith("pt_regs") || lower.matches("[re][a-z0-9]{1,3}")) {
            return Names.unknownTarget(name);
        }
        return "unknown name '" + name + "' (a register, ptregs.FIELD, an errno such as EBADF, a flag such as TF, "
                + "or a symbol such as TSS.sp2)";
    }
}
