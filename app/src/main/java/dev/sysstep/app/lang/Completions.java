package dev.sysstep.app.lang;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.PtRegs;
import java.util.ArrayList;
import java.util.List;

/** Words the line editor offers: registers, pt_regs fields, MSR names. */
public final class Completions {
    private Completions() {
    }

    public static List<String> registerNames() {
        List<String> out = new ArrayList<>();
        for (Reg r : Reg.values()) {
            if (r != Reg.CPL) {
                out.add(r.label());
            }
        }
        out.add("fmask");
        return out;
    }

    public static List<String> ptRegsFields() {
        List<String> out = new ArrayList<>();
        for (PtRegs.Field f : PtRegs.FIELDS) {
            out.add("ptregs." + f.name());
        }
        return out;
    }

    public static List<String> msrNames() {
        List<String> out = new ArrayList<>();
        for (Reg r : Reg.msrs()) {
            out.add(r.label());
        }
        out.add("fmask");
        return out;
    }
}
