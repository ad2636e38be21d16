package dev.sysstep.app.lang;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Names of values the user can read, watch and set, and one-line messages for names that do not exist. */
public final class Names {
    private Names() {
    }

    /**
     * Registers and MSRs by the names commands use, the MSRs also as {@code msr} prints them
     * ({@code IA32_LSTAR}); {@code cpl} is shown but cannot be named here.
     */
    public static List<String> registers() {
        List<String> out = new ArrayList<>();
        for (Reg r : Reg.values()) {
            if (r != Reg.CPL) {
                out.add(r.label());
            }
        }
        out.add("fmask");
        for (Reg r : Reg.msrs()) {
            out.add(r.sdmName());
        }
        return out;
    }

    public static List<String> ptRegsFields() {
        List<String> out = new ArrayList<>();
        for (PtRegs.Field f : PtRegs.FIELDS) {
            out.add("ptregs." + f.name());
        }
        return out;
    }

    /** Everything {@code set} and {@code watch} take. */
    public static List<String> targets() {
        List<String> out = new ArrayList<>(registers());
        out.addAll(ptRegsFields());
        return out;
    }

    /** The MSRs, as {@code msr} prints them ({@code IA32_LSTAR}) and by their short names ({@code lstar}). */
    public static List<String> msrs() {
        List<String> out = new ArrayList<>();
        for (Reg r : Reg.msrs()) {
            out.add(r.sdmName());
        }
        for (Reg r : Reg.msrs()) {
            out.add(r.label());
        }
        out.add("fmask");
        return out;
    }

    /** One line saying what was wrong with an unknown register or field name. */
    public static String unknownTarget(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ptregs.") || lower.startsWith("pt_regs")) {
            return "unknown pt_regs field '" + t + "' (fields: "
                    + PtRegs.FIELDS.stream().map(PtRegs.Field::name).collect(Collectors.joining(" ")) + ")";
        }
        return "unknown register '" + t + "'" + Suggest.didYouMean(lower, registers());
    }
}
