package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.SourceRef;

/** The source references of user code the mechanisms emit. */
final class UserCodeSource {
    static final SourceRef PROGRAM = new SourceRef("the test program (static, non-PIE)", "main", "", "");
    static final SourceRef PROGRAM32 = new SourceRef("user program (i386, non-PIE; illustrative addresses)", "main", "", "");

    private UserCodeSource() {
    }
}
