package dev.sysstep.core.code;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The C code's local state carried from one C phase to the next (nr, the file behind fd, the
 * running return value). Immutable, so it is part of every snapshot and steps back exactly.
 */
public final class Locals {
    private static final Locals EMPTY = new Locals(Map.of());
    private final Map<String, Object> values;

    private Locals(Map<String, Object> values) {
        this.values = values;
    }

    public static Locals empty() {
        return EMPTY;
    }

    public Locals with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new Locals(Collections.unmodifiableMap(m));
    }

    public Optional<Object> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public long getLong(String name) {
        Object v = values.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("C local " + name + " is not set");
    }

    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Locals l && l.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
