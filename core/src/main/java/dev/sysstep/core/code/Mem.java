package dev.sysstep.core.code;

import dev.sysstep.core.cpu.Reg;

/**
 * A memory operand as the entry code writes it: a per-CPU variable {@code PER_CPU_VAR(x)}, a
 * register-relative slot {@code 0x58(%rsp)} or {@code (%rdi)}, or a RIP-relative operand such as
 * {@code x86_verw_sel(%rip)}. {@code symbol} says what the slot is, for people.
 *
 * <p>How a per-CPU operand is encoded depends on the kernel: an absolute {@code %gs:offset} before
 * 6.9, {@code %gs:disp32(%rip)} after (kernel-6.12.md §1 row 2). {@link Asm} decides, since only it
 * knows where the instruction ends.
 */
public record Mem(boolean gs, Reg base, long disp, boolean ripRelative, String symbol) {

    /** A per-CPU variable at {@code offset} in the per-CPU area. */
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

    public boolean isPercpu() {
        return gs && base == null;
    }

    /** The effective address: for a per-CPU operand GS.base + offset, however it is encoded. */
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

    /**
     * AT&T spelling as assembled. A per-CPU operand encoded RIP-relative shows its displacement: the
     * offset minus the address of the next instruction, modulo 2^32, so that RIP + disp32 wraps to it.
     */
    public String text(boolean ripPercpu, long nextAddress) {
        if (ripRelative) {
            return symbol + "(%rip)";
        }
        if (isPercpu() && ripPercpu) {
            return "%gs:" + hex((disp - nextAddress) & 0xFFFF_FFFFL) + "(%rip)";
        }
        if (base == null) {
            return (gs ? "%gs:" : "") + hex(disp);
        }
        String d = disp == 0 ? "" : hex(disp);
        return (gs ? "%gs:" : "") + d + "(%" + base.label() + ")";
    }

    /** The per-CPU offset a RIP-relative per-CPU operand resolves to, as {@code %gs:0x6014}. */
    public String resolved() {
        return "%gs:" + hex(disp);
    }

    private static String hex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** Bytes of ModRM, SIB and displacement this operand takes. */
    int modrmBytes(boolean ripPercpu) {
        if (ripRelative || (isPercpu() && ripPercpu)) {
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
