package dev.sysstep.core.kernel;

import dev.sysstep.core.cpu.Vendor;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kernel profile and the switches of product.md §2. Immutable; every {@code with…} returns a
 * new profile. {@code mitigations on} means the set a CPU of that vendor gets by default: the
 * reference 6.1 machine (an Intel model with MDS) ran only VERW; an AMD Zen part untrains returns.
 */
public record KernelConfig(
        KernelVersion version,
        boolean kpti,
        boolean pcid,
        boolean la57,
        Vendor vendor,
        Set<Mitigation> mitigations,
        boolean stackleak,
        boolean x32) {

    public KernelConfig {
        mitigations = Collections.unmodifiableSet(mitigations.isEmpty()
                ? EnumSet.noneOf(Mitigation.class) : EnumSet.copyOf(mitigations));
    }

    /** kernel 6.1, KPTI and PCID on, 4-level paging, Intel, vendor-default mitigations, no STACKLEAK, no x32. */
    public static KernelConfig defaults() {
        return new KernelConfig(KernelVersion.V6_1, true, true, false, Vendor.INTEL,
                defaultMitigations(Vendor.INTEL), false, false);
    }

    /** What {@code mitigations on} enables on a CPU of this vendor. */
    public static Set<Mitigation> defaultMitigations(Vendor vendor) {
        return vendor == Vendor.INTEL ? EnumSet.of(Mitigation.VERW) : EnumSet.of(Mitigation.UNTRAIN_RET);
    }

    public boolean has(Mitigation m) {
        return mitigations.contains(m);
    }

    public KernelConfig withVersion(KernelVersion v) {
        return new KernelConfig(v, kpti, pcid, la57, vendor, mitigations, stackleak, x32);
    }

    public KernelConfig withKpti(boolean on) {
        return new KernelConfig(version, on, pcid, la57, vendor, mitigations, stackleak, x32);
    }

    public KernelConfig withPcid(boolean on) {
        return new KernelConfig(version, kpti, on, la57, vendor, mitigations, stackleak, x32);
    }

    public KernelConfig withLa57(boolean on) {
        return new KernelConfig(version, kpti, pcid, on, vendor, mitigations, stackleak, x32);
    }

    /** Changing vendor keeps "mitigations on/off" but re-derives which ones that means. */
    public KernelConfig withVendor(Vendor v) {
        Set<Mitigation> m = mitigations.isEmpty() ? mitigations : defaultMitigations(v);
        return new KernelConfig(version, kpti, pcid, la57, v, m, stackleak, x32);
    }

    public KernelConfig withMitigations(Set<Mitigation> m) {
        return new KernelConfig(version, kpti, pcid, la57, vendor, m, stackleak, x32);
    }

    public KernelConfig withMitigation(Mitigation m, boolean on) {
        EnumSet<Mitigation> s = mitigations.isEmpty() ? EnumSet.noneOf(Mitigation.class) : EnumSet.copyOf(mitigations);
        if (on) {
            s.add(m);
        } else {
            s.remove(m);
        }
        return withMitigations(s);
    }

    public KernelConfig withStackleak(boolean on) {
        return new KernelConfig(version, kpti, pcid, la57, vendor, mitigations, on, x32);
    }

    public KernelConfig withX32(boolean on) {
        return new KernelConfig(version, kpti, pcid, la57, vendor, mitigations, stackleak, on);
    }

    public long taskSizeMax() {
        return Limits.taskSizeMax(la57);
    }
}
