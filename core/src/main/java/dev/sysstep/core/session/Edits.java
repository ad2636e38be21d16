package dev.sysstep.core.session;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's changes to one timeline, by position, as values: the states they replaced (registers,
 * regions, process; position 0 always holds the start) and the stores they made. Immutable: a
 * change makes a new Edits, so whatever was replayed from an older one keeps meaning what it meant.
 */
final class Edits {
    private final Map<Integer, Snapshot> states;
    private final Map<Integer, List<MemWrite>> stores;
    /** The positions with any edit, to skip the map lookups at the others; the last of them. */
    private final BitSet at;
    private final int last;

    private Edits(Map<Integer, Snapshot> states, Map<Integer, List<MemWrite>> stores, BitSet at) {
        this.states = states;
        this.stores = stores;
        this.at = at;
        this.last = at.length() - 1;
    }

    static Edits startingFrom(Snapshot start) {
        BitSet at = new BitSet();
        at.set(0);
        return new Edits(Map.of(0, start), Map.of(), at);
    }

    /** The state the run starts from, with the setup applied. */
    Snapshot start() {
        return states.get(0);
    }

    /** The state the user left at {@code p}, or null where they changed no register, region or process. */
    Snapshot stateAt(int p) {
        return at.get(p) ? states.get(p) : null;
    }

    /** The stores the user made at {@code p}, in order. */
    List<MemWrite> storesAt(int p) {
        return at.get(p) ? stores.getOrDefault(p, List.of()) : List.of();
    }

    Edits withState(int p, Snapshot s) {
        Map<Integer, Snapshot> m = new HashMap<>(states);
        m.put(p, s);
        return new Edits(Map.copyOf(m), stores, with(p));
    }

    Edits withStore(int p, MemWrite w) {
        Map<Integer, List<MemWrite>> m = new HashMap<>(stores);
        List<MemWrite> l = new ArrayList<>(m.getOrDefault(p, List.of()));
        l.add(w);
        m.put(p, List.copyOf(l));
        return new Edits(states, Map.copyOf(m), with(p));
    }

    /** These edits without any made after position {@code p}. */
    Edits upTo(int p) {
        if (at.length() <= p + 1) {
            return this;
        }
        Map<Integer, Snapshot> s = new HashMap<>(states);
        s.keySet().removeIf(k -> k > p);
        Map<Integer, List<MemWrite>> w = new HashMap<>(stores);
        w.keySet().removeIf(k -> k > p);
        BitSet b = (BitSet) at.clone();
        b.clear(p + 1, at.length());
        return new Edits(Map.copyOf(s), Map.copyOf(w), b);
    }

    private BitSet with(int p) {
        BitSet b = (BitSet) at.clone();
        b.set(p);
        return b;
    }

    /**
     * Applies what the user did at position {@code p} to a machine that has just arrived there: the
     * state they left (registers, regions, process, what runs next) and then their stores.
     */
    void arrive(int p, Engine.Machine m, Memory memory, KernelCode code) {
        if (p > last || !at.get(p)) {
            return;
        }
        Snapshot s = states.get(p);
        if (s != null) {
            m.load(s, code);
            memory.setRegions(s.regions());
        }
        for (MemWrite w : stores.getOrDefault(p, List.of())) {
            memory.apply(w);
        }
    }
}
