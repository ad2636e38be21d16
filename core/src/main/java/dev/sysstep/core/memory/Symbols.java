package dev.sysstep.core.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The labelled spans of memory of one machine: TSS slots, pt_regs fields, per-CPU variables. */
public final class Symbols {
    private final List<Symbol> symbols;

    public Symbols(List<Symbol> symbols) {
        this.symbols = List.copyOf(symbols);
    }

    public List<Symbol> all() {
        return symbols;
    }

    /** The symbol an address lies in, spelled with an offset when it is not at the start. */
    public Optional<String> nameAt(long address) {
        for (Symbol s : symbols) {
            if (s.address() == address) {
                return Optional.of(s.name());
            }
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
