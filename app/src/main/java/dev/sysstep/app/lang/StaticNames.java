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
    /** The symbols of each way in on the default profile, built when first asked for (a build is a few ms). */
    private static final java.util.Map<Entry, Set<String>> SYMBOLS = new java.util.concurrent.ConcurrentHashMap<>();

    private StaticNames() {
    }

    /**
     * Whether some way in has this symbol (msg, TSS.sp2, pt_regs->ax, errno, vvar fields, ...): the
     * ways are built one at a time, the 64-bit syscall first, until one has it, so a script that names
     * only the usual symbols does not pay for building every way.
     */
    private static boolean isSymbol(String name) {
        for (Entry e : Entry.values()) {
            if (SYMBOLS.computeIfAbsent(e, StaticNames::symbolsOf).contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> symbolsOf(Entry e) {
        Set<String> names = new HashSet<>();
        for (Symbol sym : LinuxPath.build(KernelConfig.defaults(), Examples.of(e)).symbols().all()) {
            names.add(sym.name());
        }
        return names;
    }

    /** Whether an address can be read is known only when the script runs. */
    @Override
    public long load(long address) {
        return 1;
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
        if (name.equalsIgnoreCase("pt_regs") || name.equalsIgnoreCase("ptregs") || isSymbol(name)) {
            return 1;
        }
        throw new ParseException(Resolver.unknownName(name));
    }
}
