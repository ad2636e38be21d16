package dev.sysstep.app.lang;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Target;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Names of values the user can read, watch and set, with messages for names that do not exist. */
public final class Targets {
    private Targets() {
    }

    public static Optional<Target> parse(String text) {
        return Target.parse(text);
    }

    /** One line saying a phase id does not exist, with the nearest one when there is one. */
    public static String unknownPhase(String id, KernelCode code) {
        List<String> ids = code.phases().stream().map(Phase::id).toList();
        String near = CommandSpecs.closest(id, ids);
        return "unknown phase '" + id + "'" + (near == null ? "" : " (did you mean '" + near + "'?)");
    }

    /** One line saying what was wrong with an unknown target name. */
    public static String unknown(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ptregs.") || lower.startsWith("pt_regs")) {
            return "unknown pt_regs field '" + t + "' (fields: "
                    + PtRegs.FIELDS.stream().map(PtRegs.Field::name).collect(Collectors.joining(" ")) + ")";
        }
        String suggestion = CommandSpecs.closest(lower, Completions.registerNames());
        return "unknown register '" + t + "'" + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }
}
