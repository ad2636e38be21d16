package dev.sysstep.core.cpu;

import dev.sysstep.core.kernel.Mitigation;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The CPU vendor, and the part of it each profile models. It decides CSTAR (reference §3.3), SYSRET
 * with a non-canonical RCX (reference §4.4), whether PTI is needed, and the default mitigations.
 */
public enum Vendor {
    /**
     * An Intel Haswell-class part like the observed machines: affected by Meltdown (so {@code pti=auto}
     * turns PTI on) and MDS (so CLEAR_CPU_BUFFERS runs VERW); no IBRS on entry.
     */
    INTEL(true, Set.of(Mitigation.VERW),
            "a Haswell-class part: Meltdown and MDS, so PTI and VERW"),
    /**
     * An AMD Zen 1/2 part: not affected by Meltdown (NO_MELTDOWN in the vulnerability whitelist,
     * arch/x86/kernel/cpu/common.c), so PTI stays off; retbleed/SRSO make UNTRAIN_RET untrain returns.
     * Zen 3/4 on 6.1 and later get VERW for TSA instead; that part is not modelled.
     */
    AMD(false, Set.of(Mitigation.UNTRAIN_RET),
            "a Zen 1/2 part: no Meltdown, so no PTI; retbleed, so UNTRAIN_RET");

    private final boolean meltdown;
    private final Set<Mitigation> defaults;
    private final String model;

    Vendor(boolean meltdown, Set<Mitigation> defaults, String model) {
        this.meltdown = meltdown;
        this.defaults = defaults;
        this.model = model;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** X86_BUG_CPU_MELTDOWN: whether {@code pti=auto} turns page-table isolation on. */
    public boolean affectedByMeltdown() {
        return meltdown;
    }

    /** What {@code mitigations on} enables on this part. */
    public Set<Mitigation> defaultMitigations() {
        return defaults;
    }

    /** The CPU generation this vendor stands for, for people. */
    public String model() {
        return model;
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
