package dev.sysstep.core.session;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import java.util.Optional;

/**
 * Where a run stands: its position (instructions executed), the phase about to run and which of its
 * instructions comes next, the CPL, and how the path ended when it has.
 */
public record Where(int position, Optional<Phase> next, int nextInstruction, int cpl, Optional<Outcome> ended) {

    public boolean finished() {
        return next.isEmpty();
    }
}
