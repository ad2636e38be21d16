package dev.sysstep.core.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * The speculation mitigations whose ALTERNATIVEs sit on the SYSCALL path (reference §1.1 E14–E16,
 * §1.2 R9, R18). Each is a CPU feature bit the kernel sets at boot; when clear, the patched-out
 * site still executes as a NOP or a short JMP.
 */
public enum Mitigation {
    /** X86_FEATURE_KERNEL_IBRS: IBRS_ENTER / IBRS_EXIT write MSR_IA32_SPEC_CTRL. */
    IBRS("ibrs", "X86_FEATURE_KERNEL_IBRS"),
    /** X86_FEATURE_UNRET: UNTRAIN_RET calls entry_untrain_ret (AMD retbleed/SRSO). */
    UNTRAIN_RET("untrain_ret", "X86_FEATURE_UNRET"),
    /** X86_FEATURE_CLEAR_BHB_LOOP: CLEAR_BRANCH_HISTORY calls clear_bhb_loop (BHI). */
    BHI("bhi", "X86_FEATURE_CLEAR_BHB_LOOP"),
    /** X86_FEATURE_CLEAR_CPU_BUF: CLEAR_CPU_BUFFERS runs VERW (MDS/TSA). */
    VERW("verw", "X86_FEATURE_CLEAR_CPU_BUF");

    private final String label;
    private final String feature;

    Mitigation(String label, String feature) {
        this.label = label;
        this.feature = feature;
    }

    public String label() {
        return label;
    }

    public String feature() {
        return feature;
    }

    public static Optional<Mitigation> byName(String s) {
        String n = s.strip().toLowerCase(Locale.ROOT);
        for (Mitigation m : values()) {
            if (m.label.equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
