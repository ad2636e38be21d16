package dev.sysstep.core.code;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The C code's local state carried from one C phase to the next (nr, the file behind fd, the
 * running return value). Immutable, so it is part of every snapshot and steps back exactly.
 */
public final class Locals {
    private static final Locals EMPTY = new Locals(null, null, null);
    // A chain of (name, value) links, newest first: with() is one small object, get() walks a dozen
    // links at most, and every earlier Locals stays valid for the snapshots that hold it.
    private final String name;
    private final Object value;
    private final Locals older;

    private Locals(String name, Object value, Locals older) {
        this.name = name;
        this.value = value;
        this.older = older;
    }

    public static Locals empty() {
        return EMPTY;
    }

    public Locals with(String name, Object value) {
        return new Locals(name, value, this);
    }

    private Object find(String key) {
        for (Locals l = this; l.older != null; l = l.older) {
            if (l.name == key || l.name.equals(key)) {
                return l.value;
            }
        }
        return null;
    }

    public Optional<Object> get(String name) {
        return Optional.ofNullable(find(name));
    }

    public long getLong(String name) {
        if (find(name) instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("C local " + name + " is not set");
    }

    /** The current value of every local, in the order they were first set. */
    public Map<String, Object> asMap() {
        List<Locals> links = new ArrayList<>();
        for (Locals l = this; l.older != null; l = l.older) {
            links.add(l);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = links.size() - 1; i >= 0; i--) {
            m.put(links.get(i).name, links.get(i).value);
        }
        m.values().removeIf(java.util.Objects::isNull);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Locals l && l.asMap().equals(asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }
}
