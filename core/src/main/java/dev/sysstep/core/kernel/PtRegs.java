package dev.sysstep.core.kernel;

import java.util.List;
import java.util.Optional;

/** struct pt_regs on x86-64: field names and offsets (reference §2.1), lowest address first. */
public final class PtRegs {
    /** One slot of pt_regs. */
    public record Field(String name, int offset) {
        public String label() {
            return "pt_regs->" + name;
        }
    }

    public static final List<Field> FIELDS = List.of(
            new Field("r15", 0), new Field("r14", 8), new Field("r13", 16), new Field("r12", 24),
            new Field("bp", 32), new Field("bx", 40), new Field("r11", 48), new Field("r10", 56),
            new Field("r9", 64), new Field("r8", 72), new Field("ax", 80), new Field("cx", 88),
            new Field("dx", 96), new Field("si", 104), new Field("di", 112), new Field("orig_ax", 120),
            new Field("ip", 128), new Field("cs", 136), new Field("flags", 144), new Field("sp", 152),
            new Field("ss", 160));

    public static final int AX = 80;
    public static final int CX = 88;
    public static final int DX = 96;
    public static final int SI = 104;
    public static final int DI = 112;
    public static final int ORIG_AX = 120;
    public static final int IP = 128;
    public static final int CS = 136;
    public static final int FLAGS = 144;
    public static final int SP = 152;
    public static final int SS = 160;
    public static final int R11 = 48;
    public static final int R10 = 56;
    public static final int R8 = 72;
    public static final int R9 = 64;
    public static final int BX = 40;
    public static final int BP = 32;

    private PtRegs() {
    }

    /** Finds a field by name; accepts the register spellings too ({@code rip}, {@code eflags}, {@code rax}). */
    public static Optional<Field> field(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        n = switch (n) {
            case "rip" -> "ip";
            case "eflags", "rflags" -> "flags";
            case "rsp" -> "sp";
            case "rax" -> "ax";
            case "rbx" -> "bx";
            case "rcx" -> "cx";
            case "rdx" -> "dx";
            case "rsi" -> "si";
            case "rdi" -> "di";
            case "rbp" -> "bp";
            case "orig_rax" -> "orig_ax";
            default -> n;
        };
        for (Field f : FIELDS) {
            if (f.name().equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
