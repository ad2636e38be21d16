package dev.sysstep.app.teach;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.session.PhaseRun;
import dev.sysstep.core.session.StateDiff;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The question {@code sysstep quiz} asks by itself before a phase: about the one change of the
 * phase a student is most likely to reason out (the page tables, the GS base, the stack pointer, the
 * registers SYSCALL and SYSRET use, then the rest), read from the phase's own diff. RIP and RFLAGS
 * change in almost every phase and are left to the script's own questions.
 */
final class AutoQuestions {
    private AutoQuestions() {
    }

    /** The question, and the answer the phase gives: judged against this, not against a later state. */
    record Question(String expr, String text, long value) {
    }

    /** Registers in the order a question about them teaches most. */
    private static final List<Reg> ORDER = List.of(Reg.CR3, Reg.GS_BASE, Reg.KERNEL_GS_BASE, Reg.RSP, Reg.RCX, Reg.R11,
            Reg.RAX, Reg.CS, Reg.SS, Reg.RDI, Reg.RSI, Reg.RDX, Reg.R10, Reg.R8, Reg.R9, Reg.RBX, Reg.RBP, Reg.R12,
            Reg.R13, Reg.R14, Reg.R15, Reg.SPEC_CTRL, Reg.EFER, Reg.FS_BASE);

    static Optional<Question> about(PhaseRun run) {
        StateDiff diff = run.diff();
        String after = "after " + run.phase().id() + ", ";
        for (Reg r : ORDER) {
            var change = diff.register(r);
            if (change.isPresent() && change.get().after().isKnown()) {
                String name = r.name().toLowerCase(Locale.ROOT);
                return Optional.of(new Question(name, after + r.name() + " = ?", change.get().after().value()));
            }
        }
        for (StateDiff.MemChange m : diff.memory()) {
            String label = m.label() == null ? "" : m.label();
            int arrow = label.indexOf("pt_regs->");
            if (arrow >= 0) {
                String field = label.substring(arrow + "pt_regs->".length()).split("[^a-z0-9_]")[0];
                return Optional.of(new Question("ptregs." + field, after + "pt_regs->" + field + " = ?", m.after()));
            }
        }
        return Optional.empty();
    }
}
