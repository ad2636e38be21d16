package dev.sysstep.core.code;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays code out the way the assembler would: a program counter that advances by each
 * instruction's encoded length, labels that name the next instruction emitted, and bytes that are
 * in memory but never run on this profile (the far side of a patched ALTERNATIVE).
 */
public class CodeBuilder {
    private final List<Phase> phases = new ArrayList<>();
    private final Map<String, Location> labels = new HashMap<>();
    private final Map<Long, Location> byAddress = new HashMap<>();
    private final List<String> pendingLabels = new ArrayList<>();
    private long pc;

    private String id;
    private String title;
    private PhaseKind kind;
    private SourceRef source;
    private String explanation;
    private List<String> frames;
    private List<Insn> insns;

    public long pc() {
        return pc;
    }

    public void org(long address) {
        pc = address;
    }

    /** Starts a new phase; the previous one ends. */
    public void phase(String phaseId, String phaseTitle, PhaseKind phaseKind, SourceRef src, String text,
                      List<String> chain) {
        finishPhase();
        id = phaseId;
        title = phaseTitle;
        kind = phaseKind;
        source = src;
        explanation = text;
        frames = chain;
        insns = new ArrayList<>();
    }

    /** Names the next instruction emitted. */
    public void label(String name) {
        pendingLabels.add(name);
    }

    /** Bytes the CPU never executes on this profile (they only move later addresses). */
    public void skip(int bytes) {
        pc += bytes;
    }

    public void emit(String text, int length, String comment, Effect effect) {
        emitAt(pc, text, length, comment, effect);
        pc += length;
    }

    /** A C step: it has no address the simulation knows, unless {@code address} is given. */
    public void emitC(long address, String text, String comment, Effect effect) {
        emitAt(address, text, 0, comment, effect);
    }

    /**
     * Adds a second effect to the instruction emitted last: bookkeeping of the simulation (such as
     * "pt_regs is complete now") that belongs with that instruction.
     */
    public void alsoDo(Effect extra) {
        if (insns == null || insns.isEmpty()) {
            throw new IllegalStateException("no instruction to extend");
        }
        Insn last = insns.remove(insns.size() - 1);
        Effect first = last.effect();
        insns.add(new Insn(last.address(), last.length(), last.text(), last.comment(), x -> {
            first.apply(x);
            extra.apply(x);
        }));
    }

    private void emitAt(long address, String text, int length, String comment, Effect effect) {
        if (insns == null) {
            throw new IllegalStateException("instruction outside a phase: " + text);
        }
        Location loc = new Location(phases.size(), insns.size());
        for (String l : pendingLabels) {
            if (labels.put(l, loc) != null) {
                throw new IllegalStateException("duplicate label " + l);
            }
        }
        pendingLabels.clear();
        if (address != -1 && length > 0) {
            byAddress.put(address, loc);
        }
        insns.add(new Insn(address, length, text, comment == null ? "" : comment, effect));
    }

    private void finishPhase() {
        if (insns != null) {
            if (insns.isEmpty()) {
                throw new IllegalStateException("phase " + id + " has no instructions");
            }
            phases.add(new Phase(id, title, kind, source, explanation, insns, frames));
            insns = null;
        }
    }

    public KernelCode build() {
        finishPhase();
        if (!pendingLabels.isEmpty()) {
            throw new IllegalStateException("labels at end of code: " + pendingLabels);
        }
        return new KernelCode(phases, labels, byAddress);
    }
}
