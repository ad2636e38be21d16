package dev.sysstep.core.cpu;

import java.util.Locale;
import java.util.Optional;

/** CPU vendor: it changes CSTAR (reference §3.3) and SYSRET with a non-canonical RCX (reference §4.4). */
public enum Vendor {
    INTEL, AMD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Vendor> byName(String s) {
        for (Vendor v : values()) {
            if (v.label().equalsIgnoreCase(s.strip())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
