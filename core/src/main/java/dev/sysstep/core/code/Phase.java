package dev.sysstep.core.code;

import java.util.List;

/**
 * One named step of the path: an instruction, a macro, or one C function's work. It knows its
 * title, kind, source, the instructions it is made of, a short explanation in our own words, the
 * kernel call chain it runs in (innermost first), and the stage of the path it belongs to.
 */
public record Phase(String id, String title, PhaseKind kind, SourceRef source, String explanation,
                    List<Insn> insns, List<String> frames, Stage stage) {
    public Phase {
        insns = List.copyOf(insns);
        frames = List.copyOf(frames);
    }

    /** Call depth: how many frames the call chain has. */
    public int depth() {
        return frames.size();
    }

    public Insn insn(int i) {
        return insns.get(i);
    }
}
