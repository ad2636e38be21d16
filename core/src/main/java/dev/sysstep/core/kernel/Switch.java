package dev.sysstep.core.kernel;

import dev.sysstep.core.cpu.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The switches of a profile as users name them ({@code config KEY VALUE}, {@code --KEY}): the values
 * each takes, what it sets, and what it reads now. Front ends list these; they never spell a switch
 * or a version by hand.
 */
public enum Switch {
    KERNEL("kernel", "the kernel release whose path runs"),
    KPTI("kpti", "page-table isolation; auto: on when the CPU has Meltdown and mitigations are on"),
    PCID("pcid", "process-context identifiers in CR3"),
    LA57("la57", "5-level paging (57-bit addresses)"),
    CPU("cpu", "the CPU vendor and the part modelled"),
    MITIGATIONS("mitigations", "the CPU's default speculation mitigations; off also turns auto KPTI off"),
    STACKLEAK("stackleak", "STACKLEAK stack erasing on exit"),
    X32("x32", "the x32 ABI; on a Debian kernel, the boot parameter syscall.x32=y"),
    IBT("ibt", "endbr64 at entry points (CONFIG_X86_KERNEL_IBT); auto: as the profile's build"),
    IBRS("ibrs", "IBRS_ENTER/IBRS_EXIT write IA32_SPEC_CTRL"),
    UNTRAIN_RET("untrain_ret", "UNTRAIN_RET calls entry_untrain_ret"),
    BHI("bhi", "CLEAR_BRANCH_HISTORY calls clear_bhb_loop"),
    VERW("verw", "CLEAR_CPU_BUFFERS runs VERW"),
    CLOCKSOURCE("clocksource", "what the timekeeper reads; hpet makes the vDSO fall back to a syscall"),
    VDSO_RETRY("vdso_retry", "the kernel updates the vDSO data once while a vDSO call reads it");

    private final String key;
    private final String meaning;

    Switch(String key, String meaning) {
        this.key = key;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<Switch> byKey(String k) {
        String n = k.strip().toLowerCase(Locale.ROOT);
        for (Switch s : values()) {
            if (s.key.equals(n)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The values this switch takes. */
    public List<String> choices() {
        return switch (this) {
            case KERNEL -> {
                List<String> out = new ArrayList<>();
                for (KernelVersion v : KernelVersion.values()) {
                    out.add(v.label());
                }
                yield out;
            }
            case CPU -> List.of(Vendor.INTEL.label(), Vendor.AMD.label());
            case KPTI, IBT -> List.of("on", "off", "auto");
            case CLOCKSOURCE -> List.of("tsc", "hpet");
            default -> List.of("on", "off");
        };
    }

    private Mitigation mitigation() {
        return Mitigation.byName(key).orElseThrow();
    }

    /** The profile with this switch set to {@code value}; empty when the value is not one of {@link #choices()}. */
    public Optional<KernelConfig> apply(KernelConfig c, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (this == KERNEL) {
            return KernelVersion.byLabel(v).map(c::withVersion);
        }
        if (this == CPU) {
            return Vendor.byName(v).map(c::withVendor);
        }
        if (!choices().contains(v)) {
            return Optional.empty();
        }
        if (this == CLOCKSOURCE) {
            return Optional.of(c.withClocksource(KernelConfig.Clocksource.valueOf(v.toUpperCase(Locale.ROOT))));
        }
        boolean on = v.equals("on");
        KernelConfig.Choice choice = v.equals("auto") ? KernelConfig.Choice.AUTO : KernelConfig.Choice.of(on);
        return Optional.of(switch (this) {
            case KPTI -> c.withPti(choice);
            case IBT -> c.withIbt(choice);
            case PCID -> c.withPcid(on);
            case LA57 -> c.withLa57(on);
            case MITIGATIONS -> c.withMitigations(on);
            case STACKLEAK -> c.withStackleak(on);
            case X32 -> c.withX32(on);
            case VDSO_RETRY -> c.withVdsoRetry(on);
            default -> c.withMitigation(mitigation(), on);
        });
    }

    /** What the switch reads in a profile, as a listing shows it. */
    public String current(KernelConfig c) {
        return switch (this) {
            case KERNEL -> c.version().label() + " (Linux " + c.version().release() + ")";
            case CPU -> c.vendor().label() + " (" + c.vendor().model() + ")";
            case KPTI -> onOff(c.kpti()) + (c.pti() == KernelConfig.Choice.AUTO ? " (auto)" : "");
            case IBT -> onOff(c.ibt()) + (c.ibtChoice() == KernelConfig.Choice.AUTO ? " (auto)" : "");
            case PCID -> onOff(c.pcid());
            case LA57 -> onOff(c.la57()) + (c.la57() ? "  (5-level paging)" : "  (4-level paging)");
            case MITIGATIONS -> onOff(c.mitigationsOn());
            case STACKLEAK -> onOff(c.stackleak());
            // Debian gates its CONFIG_X86_X32_ABI=y build with a boot parameter (kernel-6.12.md §6.3)
            case X32 -> onOff(c.x32()) + (c.version().build().x32BootSwitch()
                    ? (c.x32() ? "  (syscall.x32=y)" : "  (booted without syscall.x32=y, as Debian ships it)") : "");
            case CLOCKSOURCE -> c.clocksource().name().toLowerCase(Locale.ROOT);
            case VDSO_RETRY -> onOff(c.vdsoRetry());
            // where the path shows it: the exit assembly, or (before 6.8) a note of the C exit work
            case VERW -> onOff(c.has(mitigation())) + (c.version().verwInExitWork() && c.has(mitigation())
                    ? "  (in C: mds_user_clear_cpu_buffers on the way out)" : "");
            default -> onOff(c.has(mitigation()));
        };
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
