package dev.sysstep.core.code;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The C code's local state carried from one C phase to the next (nr, the file behind fd, the
 * running return value), keyed by {@link Local}. Immutable, so it is part of every snapshot and
 * steps back exactly.
 */
public final class Locals {
    private static final Locals EMPTY = new Locals(null, null, null);
    // A chain of (key, value) links, newest first: with() is one small object, get() walks a dozen
    // links at most, and every earlier Locals stays valid for the snapshots that hold it.
    private final Local<?> key;
    private final Object value;
    private final Locals older;

    private Locals(Local<?> key, Object value, Locals older) {
        this.key = key;
        this.value = value;
        this.older = older;
    }

    public static Locals empty() {
        return EMPTY;
    }

    public <T> Locals with(Local<T> k, T v) {
        return new Locals(k, v, this);
    }

    private Object find(Local<?> k) {
        for (Locals l = this; l.older != null; l = l.older) {
            if (l.key == k) {
                return l.value;
            }
        }
        return null;
    }

    public <T> Optional<T> get(Local<T> k) {
        return Optional.ofNullable(k.cast(find(k)));
    }

    public <T> T require(Local<T> k) {
        Object v = find(k);
        if (v == null) {
            throw new IllegalStateException("C local " + k + " is not set");
        }
        return k.cast(v);
    }

    /** The current value of every local, in the order they were first set. */
    public Map<Local<?>, Object> asMap() {
        List<Locals> links = new ArrayList<>();
        for (Locals l = this; l.older != null; l = l.older) {
            links.add(l);
        }
        Map<Local<?>, Object> m = new LinkedHashMap<>();
        for (int i = links.size() - 1; i >= 0; i--) {
            m.put(links.get(i).key, links.get(i).value);
        }
        m.values().removeIf(Objects::isNull);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Locals l)) {
            return false;
        }
        Map<Local<?>, Object> a = asMap();
        Map<Local<?>, Object> b = l.asMap();
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Local<?>, Object> e : a.entrySet()) {
            if (!java.util.Objects.deepEquals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return asMap().keySet().hashCode();
    }
}
