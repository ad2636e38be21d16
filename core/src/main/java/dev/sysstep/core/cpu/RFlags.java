package dev.sysstep.core.cpu;

import java.util.ArrayList;
import java.util.List;

/** RFLAGS bits (reference §3.4, arch/x86/include/uapi/asm/processor-flags.h) and their names. */
public final class RFlags {
    public static final long CF = 1L << 0;
    /** Bit 1 always reads as 1. */
    public static final long FIXED = 1L << 1;
    public static final long PF = 1L << 2;
    public static final long AF = 1L << 4;
    public static final long ZF = 1L << 6;
    public static final long SF = 1L << 7;
    public static final long TF = 1L << 8;
    public static final long IF = 1L << 9;
    public static final long DF = 1L << 10;
    public static final long OF = 1L << 11;
    public static final long IOPL = 3L << 12;
    public static final long NT = 1L << 14;
    public static final long RF = 1L << 16;
    public static final long VM = 1L << 17;
    public static final long AC = 1L << 18;
    public static final long VIF = 1L << 19;
    public static final long VIP = 1L << 20;
    public static final long ID = 1L << 21;

    /** The six arithmetic status flags. */
    public static final long ARITH = CF | PF | AF | ZF | SF | OF;

    /** Bits that exist; everything else is reserved and reads as 0 (bit 1 reads as 1). */
    public static final long DEFINED = ARITH | FIXED | TF | IF | DF | IOPL | NT | RF | VM | AC | VIF | VIP | ID;

    /** Linux's FMASK since 5.14: 0x257FD5 (reference §3.3, derived there). */
    public static final long LINUX_SYSCALL_MASK = CF | PF | AF | ZF | SF | TF | IF | DF | OF | IOPL | NT | RF | AC | ID;

    /** SYSRET keeps these bits of R11: 0x3C7FD7 (reference §4.2). */
    public static final long SYSRET_KEEP = 0x3C7FD7L;

    private static final Object[][] NAMES = {
        {CF, "cf"}, {PF, "pf"}, {AF, "af"}, {ZF, "zf"}, {SF, "sf"}, {TF, "tf"}, {IF, "if"},
        {DF, "df"}, {OF, "of"}, {NT, "nt"}, {RF, "rf"}, {VM, "vm"}, {AC, "ac"}, {VIF, "vif"},
        {VIP, "vip"}, {ID, "id"},
    };

    private RFlags() {
    }

    /** Single-bit flags with their lower-case names, in bit order (IOPL is separate: 2 bits). */
    public static List<Flag> flags() {
        List<Flag> out = new ArrayList<>();
        for (Object[] n : NAMES) {
            out.add(new Flag((String) n[1], (Long) n[0]));
        }
        return out;
    }

    public static int iopl(long rflags) {
        return (int) ((rflags >>> 12) & 3);
    }

    /** Looks a flag up by name ({@code TF}, {@code if}); IOPL is not a single-bit flag. */
    public static java.util.Optional<Long> byName(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        for (Object[] e : NAMES) {
            if (e[1].equals(n)) {
                return java.util.Optional.of((Long) e[0]);
            }
        }
        return java.util.Optional.empty();
    }

    /** A named single-bit flag. */
    public record Flag(String name, long mask) {
    }
}
