package dev.sysstep.core.cpu;

/** Architectural bits of EFER, CR4 and CR3 (reference §3.2, §3.5). */
public final class ControlBits {
    /** EFER.SCE: SYSCALL/SYSRET enable (reference §3.2). */
    public static final long EFER_SCE = 1L << 0;
    public static final long EFER_LME = 1L << 8;
    /** Long mode active; read-only, WRMSR cannot change it. */
    public static final long EFER_LMA = 1L << 10;
    public static final long EFER_NXE = 1L << 11;

    /** CR4.LA57: 5-level paging. */
    public static final long CR4_LA57 = 1L << 12;
    /** CR4.SMEP: supervisor-mode execution prevention (bit 20; set in the observed CR4 0x1506f0). */
    public static final long CR4_SMEP = 1L << 20;
    /** CR4.PCIDE: process-context identifiers enabled. */
    public static final long CR4_PCIDE = 1L << 17;

    /** CR3[11:0] is the PCID when CR4.PCIDE = 1 (X86_CR3_PCID_BITS = 12). */
    public static final long CR3_PCID_MASK = 0xFFFL;
    /** Bit 63 of a value written to CR3: do not flush this PCID's TLB entries. Never read back. */
    public static final int CR3_NOFLUSH_BIT = 63;
    public static final long CR3_NOFLUSH = 1L << CR3_NOFLUSH_BIT;

    private ControlBits() {
    }
}
