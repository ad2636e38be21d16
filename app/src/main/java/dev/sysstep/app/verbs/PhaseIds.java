package dev.sysstep.app.verbs;

import dev.sysstep.app.command.CompletionContext;
import dev.sysstep.core.code.Phase;
import java.util.List;

/** Completion of phase ids, shared by the verbs that take one. */
final class PhaseIds {
    private PhaseIds() {
    }

    static List<String> of(CompletionContext c) {
        return c.session().code().phases().stream().map(Phase::id).toList();
    }
}
