package dev.sysstep.core.kernel;

import dev.sysstep.core.cpu.Vendor;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The kernel profile and the switches of product.md §2, as a kernel command line would give them:
 * what was asked for explicitly, and what follows from it. Immutable; every {@code with…} returns a
 * new profile.
 *
 * <p>KPTI, like {@code pti=auto}, is on when the CPU is affected by Meltdown and the mitigations are
 * on; an explicit {@code kpti on|off} wins ({@code pti=on} and {@code pti=off},
 * pti_check_boottime_disable in arch/x86/mm/pti.c). {@code mitigations on} is the set the CPU of the
 * chosen vendor gets by default (see {@link Vendor}); single mitigations can be switched on or off
 * over it.
 */
public record KernelConfig(
        KernelVersion version,
        Choice pti,
        boolean pcid,
        boolean la57,
        Vendor vendor,
        boolean mitigationsOn,
        Map<Mitigation, Boolean> overrides,
        boolean stackleak,
        boolean x32,
        Choice ibtChoice,
        Clocksource clocksource,
        boolean vdsoRetry) {

    /**
     * The clocksource the timekeeper reads (boot option {@code clocksource=}): with the TSC the vDSO reads
     * the time in user mode; with the HPET its clock_mode is NONE and it falls back to a syscall
     * (kernel-other-entries.md §5.1, §5.3).
     */
    public enum Clocksource { TSC, HPET }

    /** A switch that is either asked for or left to the profile's default. */
    public enum Choice { AUTO, ON, OFF;

        public static Choice of(boolean on) {
            return on ? ON : OFF;
        }
    }

    public KernelConfig {
        EnumMap<Mitigation, Boolean> m = new EnumMap<>(Mitigation.class);
        m.putAll(overrides);
        overrides = Collections.unmodifiableMap(m);
    }

    /** kernel 6.1, KPTI automatic (on for Intel), PCID on, 4-level paging, Intel, mitigations on, no STACKLEAK, no x32. */
    public static KernelConfig defaults() {
        return new KernelConfig(KernelVersion.V6_1, Choice.AUTO, true, false, Vendor.INTEL, true, Map.of(), false,
                false, Choice.AUTO, Clocksource.TSC, false);
    }

    /** Whether page-table isolation is on, as pti_check_boottime_disable decides it. */
    public boolean kpti() {
        return switch (pti) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> mitigationsOn && vendor.affectedByMeltdown();
        };
    }

    /** Whether the entry code starts with endbr64 (CONFIG_X86_KERNEL_IBT); AUTO is the profile's build. */
    public boolean ibt() {
        return switch (ibtChoice) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> version.ibtByDefault();
        };
    }

    public boolean has(Mitigation m) {
        Boolean o = overrides.get(m);
        return o != null ? o : mitigationsOn && vendor.defaultMitigations().contains(m);
    }

    /** The mitigations in force. */
    public Set<Mitigation> mitigations() {
        EnumSet<Mitigation> s = EnumSet.noneOf(Mitigation.class);
        for (Mitigation m : Mitigation.values()) {
            if (has(m)) {
                s.add(m);
            }
        }
        return Collections.unmodifiableSet(s);
    }

    public KernelConfig withVersion(KernelVersion v) {
        return new KernelConfig(v, pti, pcid, la57, vendor, mitigationsOn, overrides, stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withPti(Choice c) {
        return new KernelConfig(version, c, pcid, la57, vendor, mitigationsOn, overrides, stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withKpti(boolean on) {
        return withPti(Choice.of(on));
    }

    public KernelConfig withPcid(boolean on) {
        return new KernelConfig(version, pti, on, la57, vendor, mitigationsOn, overrides, stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withLa57(boolean on) {
        return new KernelConfig(version, pti, pcid, on, vendor, mitigationsOn, overrides, stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    /** Another CPU: its default mitigations and, with {@code kpti auto}, whether PTI is on follow it. */
    public KernelConfig withVendor(Vendor v) {
        return new KernelConfig(version, pti, pcid, la57, v, mitigationsOn, overrides, stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    /** {@code mitigations=on|off}: the vendor's default set, or none; single switches are reset. */
    public KernelConfig withMitigations(boolean on) {
        return new KernelConfig(version, pti, pcid, la57, vendor, on, Map.of(), stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withMitigation(Mitigation m, boolean on) {
        EnumMap<Mitigation, Boolean> o = new EnumMap<>(Mitigation.class);
        o.putAll(overrides);
        o.put(m, on);
        return new KernelConfig(version, pti, pcid, la57, vendor, mitigationsOn, o, stackleak, x32, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withStackleak(boolean on) {
        return new KernelConfig(version, pti, pcid, la57, vendor, mitigationsOn, overrides, on, x32, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withX32(boolean on) {
        return new KernelConfig(version, pti, pcid, la57, vendor, mitigationsOn, overrides, stackleak, on, ibtChoice, clocksource, vdsoRetry);
    }

    public KernelConfig withIbt(Choice c) {
        return new KernelConfig(version, pti, pcid, la57, vendor, mitigationsOn, overrides, stackleak, x32, c, clocksource, vdsoRetry);
    }

    public KernelConfig withClocksource(Clocksource c) {
        return new KernelConfig(version, pti, pcid, la57, vendor, mitigationsOn, overrides, stackleak, x32, ibtChoice, c,
                vdsoRetry);
    }

    /** The kernel's vDSO data writer runs once while the vDSO reads, so the seqcount loop goes round (§5.3). */
    public KernelConfig withVdsoRetry(boolean on) {
        return new KernelConfig(version, pti, pcid, la57, vendor, mitigationsOn, overrides, stackleak, x32, ibtChoice,
                clocksource, on);
    }

    /** TASK_SIZE_MAX for the paging mode (reference §3.7). */
    public long taskSizeMax() {
        return Limits.taskSizeMax(la57);
    }
}
