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
    private final List<Long> pendingLandings = new ArrayList<>();
    private long pc;
    /** True while emitting code whose addresses were not observed: its instructions have none. */
    private boolean unplaced;

    private String id;
    private String title;
    private PhaseKind kind;
    private SourceRef source;
    private String explanation;
    private List<String> frames;
    private List<Insn> insns;
    /** The stage the builder says the next phases belong to; null: decided by their kind and order. */
    private Stage stage;
    /** Whether C of the dispatch, a handler or the exit checks came already: asm after it is the exit. */
    private boolean pastDispatch;
    private Stage phaseStage;

    /**
     * The phases from here on belong to {@code s} (a handler's, the SYSRET checks), until {@link
     * #stageByKind}.
     */
    public void stage(Stage s) {
        stage = s;
    }

    /**
     * The phases from here on take their stage from their kind and place: user code is the user's, a
     * hardware step enters the kernel before the dispatch and returns after it, asm is the entry before
     * the dispatch and the exit after it, C is the dispatch.
     */
    public void stageByKind() {
        stage = null;
    }

    private Stage stageOf(PhaseKind k) {
        if (stage != null) {
            return stage;
        }
        return switch (k) {
            case USER -> Stage.USER;
            case HARDWARE -> pastDispatch ? Stage.RETURN_INSTRUCTION : Stage.ENTRY_INSTRUCTION;
            case ASM -> pastDispatch ? Stage.EXIT : Stage.ENTRY;
            case C -> Stage.DISPATCH;
        };
    }

    public long pc() {
        return pc;
    }

    public void org(long address) {
        pc = address;
        unplaced = false;
    }

    /**
     * From here until the next {@link #org}: code whose addresses were not observed on the reference
     * machine (and cannot be derived). Its instructions have no address, so RIP is unknown while they
     * run, rather than shown with a made-up value.
     */
    public void unplaced() {
        unplaced = true;
    }

    public boolean isUnplaced() {
        return unplaced;
    }

    /**
     * A transfer to {@code address} (a return, SYSRET) lands on the next instruction emitted, even when
     * that is compiled C without an address of its own.
     */
    public void landingAt(long address) {
        pendingLandings.add(address);
    }

    /** Starts a new phase; the previous one ends. */
    public void phase(String phaseId, String phaseTitle, PhaseKind phaseKind, SourceRef src, String text,
                      List<String> chain) {
        finishPhase();
        id = phaseId;
        title = phaseTitle;
        kind = phaseKind;
        phaseStage = stageOf(phaseKind);
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
        if (!unplaced) {
            pc += bytes;
        }
    }

    public void emit(String text, int length, String comment, Effect effect) {
        if (unplaced) {
            emitAt(-1, text, length, comment, effect);
            return;
        }
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
        for (long landing : pendingLandings) {
            byAddress.put(landing, loc);
        }
        pendingLandings.clear();
        insns.add(new Insn(address, length, text, comment == null ? "" : comment, effect));
    }

    private void finishPhase() {
        if (insns != null) {
            if (insns.isEmpty()) {
                throw new IllegalStateException("phase " + id + " has no instructions");
            }
            if (phaseStage == Stage.DISPATCH || phaseStage == Stage.HANDLER || phaseStage == Stage.EXIT_CHECKS) {
                pastDispatch = true;
            }
            phases.add(new Phase(id, title, kind, source, explanation, insns, frames, phaseStage));
            insns = null;
        }
    }

    public KernelCode build() {
        finishPhase();
        if (!pendingLabels.isEmpty() || !pendingLandings.isEmpty()) {
            throw new IllegalStateException("labels at end of code: " + pendingLabels);
        }
        return new KernelCode(phases, labels, byAddress);
    }
}
