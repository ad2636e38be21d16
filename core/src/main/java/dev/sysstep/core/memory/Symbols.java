package dev.sysstep.core.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The labelled spans of memory of one machine: TSS slots, pt_regs fields, per-CPU variables. */
public final class Symbols {
    private final List<Symbol> symbols;
    /** Symbols by start address: POP_REGS asks for the name of every slot it pops. */
    private final LongMap<String> starts = new LongMap<>();

    public Symbols(List<Symbol> symbols) {
        this.symbols = List.copyOf(symbols);
        for (int i = this.symbols.size() - 1; i >= 0; i--) {
            Symbol sym = this.symbols.get(i);
            starts.put(sym.address(), sym.name());
        }
    }

    public List<Symbol> all() {
        return symbols;
    }

    /** The symbol an address lies in, spelled with an offset when it is not at the start. */
    public Optional<String> nameAt(long address) {
        String exact = starts.get(address);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Symbol s : symbols) {
            if (s.contains(address)) {
                return Optional.of(s.name() + "+" + (address - s.address()));
            }
        }
        return Optional.empty();
    }

    public Optional<Symbol> byName(String name) {
        for (Symbol s : symbols) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Symbols plus(Symbol s) {
        List<Symbol> next = new ArrayList<>(symbols);
        next.add(s);
        return new Symbols(next);
    }
}
