package dev.sysstep.core.cpu;

/**
 * How the few arithmetic and logic instructions on the entry path set RFLAGS (Intel SDM Vol. 2).
 * Where the SDM leaves a flag undefined, the value chosen is the one QEMU's TCG computes (the
 * machine the reference observations came from): AF = 0 after logic ops and shifts, and OF after
 * a multi-bit shift computed as for a one-bit shift. Each method returns the new RFLAGS.
 */
public final class Alu {
    private Alu() {
    }

    private static long zsp(long flags, long result, int width) {
        long r = truncate(result, width);
        flags &= ~(RFlags.ZF | RFlags.SF | RFlags.PF);
        if (r == 0) {
            flags |= RFlags.ZF;
        }
        if (((r >>> (width - 1)) & 1) != 0) {
            flags |= RFlags.SF;
        }
        if ((Long.bitCount(r & 0xFF) & 1) == 0) {
            flags |= RFlags.PF;
        }
        return flags;
    }

    static long truncate(long v, int width) {
        return width == 64 ? v : v & ((1L << width) - 1);
    }

    /** AND, OR, XOR, TEST: CF = OF = 0, AF = 0, ZF/SF/PF from the result. */
    public static long logic(long flags, long result, int width) {
        flags &= ~(RFlags.CF | RFlags.OF | RFlags.AF);
        return zsp(flags, result, width);
    }

    /** CMP a, b (and SUB): flags of a - b. */
    public static long sub(long flags, long a, long b, int width) {
        long x = truncate(a, width);
        long y = truncate(b, width);
        long r = truncate(x - y, width);
        flags &= ~(RFlags.CF | RFlags.OF | RFlags.AF);
        if (Long.compareUnsigned(x, y) < 0) {
            flags |= RFlags.CF;
        }
        long sign = 1L << (width - 1);
        if (((x ^ y) & (x ^ r) & sign) != 0) {
            flags |= RFlags.OF;
        }
        if (((x ^ y ^ r) & 0x10) != 0) {
            flags |= RFlags.AF;
        }
        return zsp(flags, r, width);
    }

    /** ADD a, b. */
    public static long add(long flags, long a, long b, int width) {
        long x = truncate(a, width);
        long y = truncate(b, width);
        long r = truncate(x + y, width);
        flags &= ~(RFlags.CF | RFlags.OF | RFlags.AF);
        if (Long.compareUnsigned(r, x) < 0) {
            flags |= RFlags.CF;
        }
        long sign = 1L << (width - 1);
        if ((~(x ^ y) & (x ^ r) & sign) != 0) {
            flags |= RFlags.OF;
        }
        if (((x ^ y ^ r) & 0x10) != 0) {
            flags |= RFlags.AF;
        }
        return zsp(flags, r, width);
    }

    /** SHL r/m64, imm (count 1..63). */
    public static long shl(long flags, long value, int count) {
        long before = value << (count - 1);
        long r = value << count;
        flags &= ~(RFlags.CF | RFlags.OF | RFlags.AF);
        if (before < 0) {
            flags |= RFlags.CF;
        }
        if (((before ^ r) & Long.MIN_VALUE) != 0) {
            flags |= RFlags.OF;
        }
        return zsp(flags, r, 64);
    }

    /** SAR r/m64, imm (count 1..63): OF = 0 since the sign never changes. */
    public static long sar(long flags, long value, int count) {
        long before = value >> (count - 1);
        long r = value >> count;
        flags &= ~(RFlags.CF | RFlags.OF | RFlags.AF);
        if ((before & 1) != 0) {
            flags |= RFlags.CF;
        }
        return zsp(flags, r, 64);
    }

    /** SHR r/m64, imm. */
    public static long shr(long flags, long value, int count) {
        long before = value >>> (count - 1);
        long r = value >>> count;
        flags &= ~(RFlags.CF | RFlags.OF | RFlags.AF);
        if ((before & 1) != 0) {
            flags |= RFlags.CF;
        }
        if (count == 1 && value < 0) {
            flags |= RFlags.OF;
        }
        return zsp(flags, r, 64);
    }

    /** BT, BTS, BTR: CF = the selected bit; the SDM leaves OF/SF/AF/PF undefined and ZF unchanged, so they are kept. */
    public static long bitTest(long flags, boolean bit) {
        return bit ? flags | RFlags.CF : flags & ~RFlags.CF;
    }
}
