package dev.sysstep.app.teach;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Stage;
import dev.sysstep.core.session.PhaseRun;
import java.util.List;

/**
 * One screen of {@code present} and one section of a handout: a phase as it ran, with what the run
 * looked like at its end (where on the path, the privilege, page tables and GS base, the kernel
 * stack, the exit checks so far), or a slide of the script's own words ({@code echo}, {@code pause}).
 * Everything is taken when the phase ran, so frames can be shown in any order later.
 */
public record Frame(String slide, boolean pause, PhaseRun run, Strip strip, StackPicture stack, List<CheckMark> checks,
                    String program, String kernel) {
    public Frame {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    public static Frame slide(String text, boolean pause) {
        return new Frame(text, pause, null, null, null, List.of(), null, null);
    }

    public boolean isSlide() {
        return run == null;
    }

    /** Where the run stands after the phase: its stage, the CPL, which page tables and which GS base are live. */
    public record Strip(Stage stage, int cpl, boolean kpti, boolean userPageTables, boolean kernelGs, int position,
                        int end) {
        /** Which page tables CR3 selects. */
        public String pageTables() {
            return !kpti ? "shared page tables (no KPTI)" : userPageTables ? "user page tables" : "kernel page tables";
        }

        /** Whose GS base is live. */
        public String gsBase() {
            return kernelGs ? "per-CPU (kernel)" : "user";
        }
    }

    /** One exit check as it came out. */
    public record CheckMark(String id, boolean passed, String detail) {
        static CheckMark of(Check c) {
            return new CheckMark(c.id(), c.passed(), c.detail());
        }
    }
}
