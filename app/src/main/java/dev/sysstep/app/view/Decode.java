package dev.sysstep.app.view;

import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.kernel.Selectors;

/** Architectural decodings shown next to raw values: RFLAGS, selectors, CR3, EFER, STAR. */
public final class Decode {
    private Decode() {
    }

    /** Every flag, UPPER when set and lower when clear, then IOPL. */
    public static String flags(long rflags) {
        StringBuilder b = new StringBuilder();
        for (RFlags.Flag f : RFlags.flags()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append((rflags & f.mask()) != 0 ? f.name().toUpperCase(java.util.Locale.ROOT) : f.name());
        }
        return b.append(" iopl=").append(RFlags.iopl(rflags)).toString();
    }

    /** Only the flags that changed, in their new state: "PF zf if" means PF was set, ZF and IF cleared. */
    public static String flagChanges(long before, long after) {
        StringBuilder b = new StringBuilder();
        for (RFlags.Flag f : RFlags.flags()) {
            if (((before ^ after) & f.mask()) != 0) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append((after & f.mask()) != 0 ? f.name().toUpperCase(java.util.Locale.ROOT) : f.name());
            }
        }
        if (RFlags.iopl(before) != RFlags.iopl(after)) {
            b.append(b.length() > 0 ? " " : "").append("iopl=").append(RFlags.iopl(after));
        }
        return b.toString();
    }

    /** The flags a mask clears, by name; IOPL is "IOPL (bits 12-13)", not a value it would get. */
    public static String maskedFlags(long mask) {
        StringBuilder b = new StringBuilder();
        for (RFlags.Flag f : RFlags.flags()) {
            if ((mask & f.mask()) != 0) {
                b.append(b.length() > 0 ? " " : "").append(f.name().toUpperCase(java.util.Locale.ROOT));
            }
        }
        if ((mask & RFlags.IOPL) != 0) {
            b.append(b.length() > 0 ? " " : "").append("IOPL (bits 12-13)");
        }
        return b.toString();
    }

    public static String selector(long s) {
        String name = Selectors.name(s);
        return Hex.x(s) + (name.isEmpty() ? "" : " " + name);
    }

    /** PGD base, PCID, and on PTI kernels which half of the 8 KiB PGD is loaded. */
    public static String cr3(long cr3, long cr4, boolean kpti) {
        boolean pcid = (cr4 & ControlBits.CR4_PCIDE) != 0;
        StringBuilder b = new StringBuilder();
        b.append("PGD ").append(Hex.x(cr3 & ~0xFFFL));
        if (kpti) {
            b.append(((cr3 >>> 12) & 1) != 0 ? " (user half)" : " (kernel half)");
        }
        if (pcid) {
            long p = cr3 & 0xFFF;
            b.append(", PCID ").append(Hex.x(p)).append((p & 0x800) != 0 ? " (user PCID)" : kpti ? " (kernel PCID)" : "");
        } else {
            b.append(", no PCID");
        }
        return b.toString();
    }

    public static String efer(long efer) {
        StringBuilder b = new StringBuilder();
        b.append((efer & ControlBits.EFER_SCE) != 0 ? "SCE" : "sce").append(' ');
        b.append((efer & ControlBits.EFER_LME) != 0 ? "LME" : "lme").append(' ');
        b.append((efer & ControlBits.EFER_LMA) != 0 ? "LMA" : "lma").append(' ');
        b.append((efer & ControlBits.EFER_NXE) != 0 ? "NXE" : "nxe");
        return b.toString();
    }

    public static String star(long star) {
        long syscallCs = (star >>> 32) & 0xFFFF;
        long sysretBase = (star >>> 48) & 0xFFFF;
        return String.format("SYSCALL CS %s SS %s; SYSRET CS %s SS %s", Hex.x(syscallCs & 0xFFFC), Hex.x(syscallCs + 8),
                Hex.x((sysretBase + 16) | 3), Hex.x((sysretBase + 8) | 3));
    }
}
