package dev.sysstep.core.session;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.PtRegs;
import java.util.Locale;
import java.util.Optional;

/** A value a user can name: a register or MSR, or a pt_regs field ({@code ptregs.ip}). */
public sealed interface Target permits Target.Register, Target.PtRegsField {

    String name();

    /** A register or MSR. */
    record Register(Reg reg) implements Target {
        @Override
        public String name() {
            return reg.label();
        }
    }

    /** A field of the task's pt_regs, read from kernel memory. */
    record PtRegsField(PtRegs.Field field) implements Target {
        @Override
        public String name() {
            return "ptregs." + field.name();
        }
    }

    /** Parses {@code rax}, {@code $rip}, {@code lstar}, {@code IA32_FMASK}, {@code ptregs.ip}, {@code pt_regs->ip}. */
    static Optional<Target> parse(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"ptregs.", "pt_regs.", "pt_regs->", "regs->"}) {
            if (lower.startsWith(prefix)) {
                return PtRegs.field(t.substring(prefix.length())).map(PtRegsField::new);
            }
        }
        return Reg.byName(t).map(Register::new);
    }
}
