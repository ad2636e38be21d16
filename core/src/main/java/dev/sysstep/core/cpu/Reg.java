package dev.sysstep.core.cpu;

import java.util.Locale;
import java.util.Optional;

/**
 * Every architectural value the simulation tracks, in one flat list so that states compare,
 * diff and print uniformly. Names are spelled as the SDM and the kernel spell them.
 */
public enum Reg {
    RAX(Kind.GPR), RCX(Kind.GPR), RDX(Kind.GPR), RBX(Kind.GPR),
    RSP(Kind.GPR), RBP(Kind.GPR), RSI(Kind.GPR), RDI(Kind.GPR),
    R8(Kind.GPR), R9(Kind.GPR), R10(Kind.GPR), R11(Kind.GPR),
    R12(Kind.GPR), R13(Kind.GPR), R14(Kind.GPR), R15(Kind.GPR),
    RIP(Kind.IP),
    RFLAGS(Kind.FLAGS),
    /** Visible selectors; the hidden descriptor caches are implied by them (reference §4.1, §4.2). */
    CS(Kind.SEGMENT), SS(Kind.SEGMENT),
    /** The hidden current privilege level. */
    CPL(Kind.HIDDEN),
    FS_BASE(Kind.MSR, 0xC0000100L),
    GS_BASE(Kind.MSR, 0xC0000101L),
    KERNEL_GS_BASE(Kind.MSR, 0xC0000102L),
    CR3(Kind.CONTROL), CR4(Kind.CONTROL),
    EFER(Kind.MSR, 0xC0000080L),
    STAR(Kind.MSR, 0xC0000081L),
    LSTAR(Kind.MSR, 0xC0000082L),
    CSTAR(Kind.MSR, 0xC0000083L),
    /** IA32_FMASK; Linux calls it MSR_SYSCALL_MASK (reference §3.2). */
    SYSCALL_MASK(Kind.MSR, 0xC0000084L),
    SPEC_CTRL(Kind.MSR, 0x48L),
    /** The linear address of the last page fault: exc_page_fault reads it (SDM Vol. 3A §4.7). */
    CR2(Kind.CONTROL),
    /** SYSENTER's target: syscall_init writes them for 32-bit processes (kernel-other-entries.md §3.1). */
    SYSENTER_CS(Kind.MSR, 0x174L),
    SYSENTER_ESP(Kind.MSR, 0x175L),
    SYSENTER_EIP(Kind.MSR, 0x176L),
    /** The time-stamp counter RDTSC and RDTSCP read (SDM Vol. 3B §18.17); it does not advance here. */
    TSC(Kind.MSR, 0x10L),
    /** IA32_TSC_AUX, which RDTSCP returns in ECX: Linux stores (node << 12) | cpu there (setup_getcpu). */
    TSC_AUX(Kind.MSR, 0xC0000103L);

    /** What sort of value a {@link Reg} is; decides how it is shown and whether it can be set. */
    public enum Kind { GPR, IP, FLAGS, SEGMENT, HIDDEN, CONTROL, MSR }

    private static final Reg[] VALUES = values();
    private static final Reg[] GPRS = {RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15};

    private final Kind kind;
    private final long msrNumber;

    Reg(Kind kind) {
        this(kind, -1);
    }

    Reg(Kind kind, long msrNumber) {
        this.kind = kind;
        this.msrNumber = msrNumber;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isGpr() {
        return kind == Kind.GPR;
    }

    public boolean isMsr() {
        return kind == Kind.MSR;
    }

    /** The MSR index (reference §3.2), or -1 when this is not an MSR. */
    public long msrNumber() {
        return msrNumber;
    }

    /** Lower-case name as used in commands and in the JSON trace: {@code rax}, {@code kernel_gs_base}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SDM spelling for MSRs ({@code IA32_LSTAR}), the plain name otherwise. */
    public String sdmName() {
        return switch (this) {
            case SYSCALL_MASK -> "IA32_FMASK";
            case SPEC_CTRL -> "IA32_SPEC_CTRL";
            case TSC -> "IA32_TIME_STAMP_COUNTER";
            default -> isMsr() ? "IA32_" + name() : label();
        };
    }

    public static int count() {
        return VALUES.length;
    }

    public static Reg at(int ordinal) {
        return VALUES[ordinal];
    }

    /** The sixteen general-purpose registers in hardware encoding order. */
    public static Reg gpr(int encoding) {
        return GPRS[encoding];
    }

    public int encoding() {
        if (!isGpr()) {
            throw new IllegalStateException(this + " is not a general-purpose register");
        }
        return ordinal();
    }

    public static Reg[] gprs() {
        return GPRS.clone();
    }

    /**
     * Finds a register or MSR by any of the names people type: {@code rax}, {@code RAX}, {@code $rax},
     * {@code lstar}, {@code IA32_LSTAR}, {@code MSR_LSTAR}, {@code fmask}, {@code MSR_SYSCALL_MASK}.
     */
    public static Optional<Reg> byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("$") || n.startsWith("%")) {
            n = n.substring(1);
        }
        if (n.startsWith("ia32_")) {
            n = n.substring(5);
        } else if (n.startsWith("msr_")) {
            n = n.substring(4);
        }
        switch (n) {
            case "fmask", "syscall_mask" -> { return Optional.of(SYSCALL_MASK); }
            case "eflags", "flags" -> { return Optional.of(RFLAGS); }
            case "ia32_spec_ctrl", "spec_ctrl" -> { return Optional.of(SPEC_CTRL); }
            case "pc" -> { return Optional.of(RIP); }
            case "time_stamp_counter" -> { return Optional.of(TSC); }
            default -> { }
        }
        for (Reg r : VALUES) {
            if (r.label().equals(n)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** All MSRs, in the order the {@code msr} view lists them. */
    public static Reg[] msrs() {
        return new Reg[] {EFER, STAR, LSTAR, CSTAR, SYSCALL_MASK, SYSENTER_CS, SYSENTER_ESP, SYSENTER_EIP, FS_BASE,
            GS_BASE, KERNEL_GS_BASE, SPEC_CTRL, TSC, TSC_AUX};
    }
}
