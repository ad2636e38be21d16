package dev.sysstep.app.lang;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.Symbol;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.session.Target;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.Examples;
import java.util.HashSet;
import java.util.Set;

/**
 * Names as a script is parsed, before any session exists: a name is accepted if some session could
 * resolve it (a register, a pt_regs field, a constant, a symbol of any way into the kernel), so that
 * a misspelt name stops the script with file:line before anything runs.
 */
final class StaticNames implements Expr.Names {
    static final StaticNames INSTANCE = new StaticNames();
    private static volatile Set<String> symbols;

    private StaticNames() {
    }

    /** The symbols of every way in on the default profile: msg, TSS.sp2, pt_regs->ax, errno, vvar fields, ... */
    private static Set<String> symbols() {
        Set<String> s = symbols;
        if (s == null) {
            Set<String> all = new HashSet<>();
            for (Entry e : Entry.values()) {
                for (Symbol sym : LinuxPath.build(KernelConfig.defaults(), Examples.of(e)).symbols().all()) {
                    all.add(sym.name());
                }
            }
            symbols = s = all;
        }
        return s;
    }

    @Override
    public long resolve(String raw) throws ParseException {
        String name = raw.startsWith("$") || raw.startsWith("%") ? raw.substring(1) : raw;
        if (Target.parse(name).isPresent()) {
            return 1;
        }
        var k = Constants.value(name, KernelConfig.defaults());
        if (k.isPresent()) {
            return k.getAsLong() == 0 ? 1 : k.getAsLong();
        }
        if (name.equalsIgnoreCase("pt_regs") || name.equalsIgnoreCase("ptregs") || symbols().contains(name)) {
            return 1;
        }
        throw new ParseException(Resolver.unknownName(name));
    }
}
