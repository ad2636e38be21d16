package dev.sysstep.core.code;

import dev.sysstep.core.cpu.Reg;

/**
 * A memory operand as the entry code writes it: {@code %gs:0x6014}, {@code 0x58(%rsp)},
 * {@code (%rdi)} or {@code x86_verw_sel(%rip)}. {@code symbol} says what the slot is, for people.
 */
public record Mem(boolean gs, Reg base, long disp, boolean ripRelative, String symbol) {

    /** A per-CPU variable: {@code %gs:offset} with an absolute 32-bit displacement. */
    public static Mem percpu(long offset, String symbol) {
        return new Mem(true, null, offset, false, symbol);
    }

    public static Mem at(Reg base, long disp, String symbol) {
        return new Mem(false, base, disp, false, symbol);
    }

    /** A RIP-relative operand whose address the simulation does not need (it is only read). */
    public static Mem ripRelative(String symbol) {
        return new Mem(false, null, 0, true, symbol);
    }

    /** The effective address. */
    public long address(Exec x) {
        if (ripRelative) {
            throw new IllegalStateException("RIP-relative operand " + symbol + " has no simulated address");
        }
        long a = disp;
        if (gs) {
            a += x.get(Reg.GS_BASE);
        }
        if (base != null) {
            a += x.get(base);
        }
        return a;
    }

    /** AT&T spelling. */
    public String text() {
        if (ripRelative) {
            return symbol + "(%rip)";
        }
        if (base == null) {
            return (gs ? "%gs:" : "") + hex(disp);
        }
        String d = disp == 0 ? "" : hex(disp);
        return (gs ? "%gs:" : "") + d + "(%" + base.label() + ")";
    }

    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** Bytes of ModRM, SIB and displacement this operand takes. */
    int modrmBytes() {
        if (ripRelative) {
            return 1 + 4;
        }
        if (base == null) {
            return 1 + 1 + 4;
        }
        int n = 1;
        if (base == Reg.RSP || base == Reg.R12) {
            n++;
        }
        if (disp == 0 && base != Reg.RBP && base != Reg.R13) {
            return n;
        }
        return n + (disp >= -128 && disp <= 127 ? 1 : 4);
    }

    int prefixBytes() {
        return gs ? 1 : 0;
    }

    boolean baseNeedsRex() {
        return base != null && base.encoding() >= 8;
    }
}
