package dev.sysstep.core.code;

import dev.sysstep.core.cpu.Alu;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import java.util.function.LongPredicate;

/**
 * The x86-64 instructions the SYSCALL path uses, each emitted with its text, its encoded length
 * (so addresses come out as in the real kernel image) and its exact effect. Text follows the
 * kernel source's AT&T spelling with constants resolved.
 */
public final class Asm extends CodeBuilder {
    /** Whether per-CPU operands are encoded %rip-relative (6.9 and later, kernel-6.12.md §1 row 2). */
    private final boolean ripPercpu;

    public Asm(boolean ripPercpu) {
        this.ripPercpu = ripPercpu;
    }

    /** The length of an instruction with a per-CPU operand that takes {@code absolute} bytes in its absolute form. */
    public int percpuLength(int absolute) {
        return ripPercpu ? absolute - 1 : absolute;
    }

    /** The text of a memory operand of an instruction {@code length} bytes long starting here. */
    String mem(Mem m, int length) {
        if (isUnplaced() && m.isPercpu() && ripPercpu) {
            return "%gs:" + m.symbol() + "(%rip)"; // the displacement depends on an address not observed
        }
        return m.text(ripPercpu, pc() + length);
    }

    /** The comment of an instruction with a memory operand: a RIP-relative per-CPU operand says what it resolves to. */
    String memComment(Mem m, String comment) {
        if (!m.isPercpu() || !ripPercpu) {
            return comment;
        }
        String c = comment == null || comment.isEmpty() ? "" : ": " + comment;
        return "-> " + m.resolved() + c;
    }

    static boolean ext(Reg r) {
        return r.encoding() >= 8;
    }

    static boolean fits8(long v) {
        return v >= -128 && v <= 127;
    }

    static String r64(Reg r) {
        return "%" + r.label();
    }

    /** 32-bit name of a GPR: %eax … %r15d. */
    static String r32(Reg r) {
        return switch (r) {
            case RAX -> "%eax";
            case RCX -> "%ecx";
            case RDX -> "%edx";
            case RBX -> "%ebx";
            case RSP -> "%esp";
            case RBP -> "%ebp";
            case RSI -> "%esi";
            case RDI -> "%edi";
            default -> "%" + r.label() + "d";
        };
    }

    static String imm(long v) {
        return v < 0 && v > -4096 ? "$" + v : "$0x" + Long.toHexString(v);
    }

    int memLen(Mem m, boolean rexW, Reg reg, int opcodeBytes, int immBytes) {
        boolean rex = rexW || m.baseNeedsRex() || (reg != null && ext(reg));
        return m.prefixBytes() + (rex ? 1 : 0) + opcodeBytes + m.modrmBytes(ripPercpu) + immBytes;
    }

    // ---- data movement ----

    public void swapgs(String comment) {
        emit("swapgs", 3, comment, x -> {
            if (x.cpl() != 0) {
                x.fault(Outcome.Kind.GP, "SWAPGS at CPL " + x.cpl() + " raises #GP(0) (SDM SWAPGS)");
            }
            long gs = x.get(Reg.GS_BASE);
            x.set(Reg.GS_BASE, x.get(Reg.KERNEL_GS_BASE));
            x.set(Reg.KERNEL_GS_BASE, gs);
        });
    }

    /** movq %src, mem */
    public void store(Reg src, Mem dst, String label, String comment) {
        int len = memLen(dst, true, src, 1, 0);
        emit("movq " + r64(src) + ", " + mem(dst, len), len, memComment(dst, comment),
                x -> x.store64(dst.address(x), x.get(src), label));
    }

    /** movq mem, %dst */
    public void load(Mem src, Reg dst, String comment) {
        int len = memLen(src, true, dst, 1, 0);
        emit("movq " + mem(src, len) + ", " + r64(dst), len, memComment(src, comment),
                x -> x.set(dst, x.load64(src.address(x))));
    }

    /** movq %src, %dst */
    public void mov(Reg src, Reg dst, String comment) {
        emit("movq " + r64(src) + ", " + r64(dst), 3, comment, x -> x.set(dst, x.get(src)));
    }

    /** movslq %e(src), %dst: sign-extends the low 32 bits. */
    public void movslq(Reg src, Reg dst, String comment) {
        emit("movslq " + r32(src) + ", " + r64(dst), 3, comment, x -> x.set(dst, (long) (int) x.get(src)));
    }

    /** movl $imm, %e(dst): 32-bit move, zero-extends into the 64-bit register. */
    public void movl(long value, Reg dst, String comment) {
        emit("movl " + imm(value) + ", " + r32(dst), ext(dst) ? 6 : 5, comment, x -> x.set(dst, value & 0xFFFF_FFFFL));
    }

    /** movl %e(src), %e(dst) */
    public void movl(Reg src, Reg dst, String comment) {
        emit("movl " + r32(src) + ", " + r32(dst), ext(src) || ext(dst) ? 3 : 2, comment,
                x -> x.set(dst, x.get(src) & 0xFFFF_FFFFL));
    }

    /** mov %cr3, %dst: bit 63 is never read back (reference §1.4). */
    public void movFromCr3(Reg dst, String comment) {
        emit("mov %cr3, " + r64(dst), ext(dst) ? 4 : 3, comment, x -> x.set(dst, x.get(Reg.CR3)));
    }

    /** mov %src, %cr3: with CR4.PCIDE, bit 63 (NOFLUSH) keeps the PCID's TLB entries and is not stored. */
    public void movToCr3(Reg src, String comment) {
        emit("mov " + r64(src) + ", %cr3", ext(src) ? 4 : 3, comment, x -> {
            long v = x.get(src);
            if ((v & dev.sysstep.core.cpu.ControlBits.CR3_NOFLUSH) != 0) {
                x.note(() -> "bit 63 (NOFLUSH) was set in the value written (0x" + Long.toHexString(v)
                        + "): the TLB entries of PCID 0x" + Long.toHexString(v & 0xFFF) + " are kept; CR3 never reads back bit 63");
            } else if ((x.get(Reg.CR4) & dev.sysstep.core.cpu.ControlBits.CR4_PCIDE) != 0) {
                x.note(() -> "bit 63 clear: the CPU flushes the TLB entries of PCID 0x" + Long.toHexString(v & 0xFFF));
            }
            x.set(Reg.CR3, v & ~dev.sysstep.core.cpu.ControlBits.CR3_NOFLUSH);
        });
    }

    // ---- stack ----

    public void push(Reg r, String label, String comment) {
        emit("pushq " + r64(r), ext(r) ? 2 : 1, comment, x -> x.push(x.get(r), label));
    }

    public void pushImm(long value, String text, String label, String comment) {
        emit("pushq $" + text, fits8(value) ? 2 : 5, comment, x -> x.push(value, label));
    }

    public void push(Mem m, String label, String comment) {
        int len = memLen(m, false, null, 1, 0);
        emit("pushq " + mem(m, len), len, memComment(m, comment), x -> {
            long v = x.load64(m.address(x));
            x.push(v, label);
        });
    }

    public void pop(Reg r, String comment) {
        emit("popq " + r64(r), ext(r) ? 2 : 1, comment, x -> {
            long v = x.pop();
            x.set(r, v);
        });
    }

    // ---- arithmetic and logic ----

    /** xorl %e(r), %e(r): zeroes the whole 64-bit register; ZF = PF = 1. */
    public void xorl(Reg r, String comment) {
        emit("xorl " + r32(r) + ", " + r32(r), ext(r) ? 3 : 2, comment, x -> {
            x.set(r, 0);
            x.setFlags(Alu.logic(x.flags(), 0, 32), RFlags.ARITH);
        });
    }

    private static int immAluLen(long value, Reg r) {
        if (fits8(value)) {
            return 4;
        }
        return r == Reg.RAX ? 6 : 7;
    }

    public void andq(long value, Reg r, String comment) {
        emit("andq " + imm(value) + ", " + r64(r), immAluLen(value, r), comment, x -> {
            long v = x.get(r) & value;
            x.set(r, v);
            x.setFlags(Alu.logic(x.flags(), v, 64), RFlags.ARITH);
        });
    }

    public void orq(long value, Reg r, String comment) {
        emit("orq " + imm(value) + ", " + r64(r), immAluLen(value, r), comment, x -> {
            long v = x.get(r) | value;
            x.set(r, v);
            x.setFlags(Alu.logic(x.flags(), v, 64), RFlags.ARITH);
        });
    }

    /** andl $imm, %e(r): 32-bit AND, zero-extends. */
    public void andl(long value, Reg r, String comment) {
        emit("andl " + imm(value) + ", " + r32(r), fits8(value) ? 3 : (r == Reg.RAX ? 5 : 6), comment, x -> {
            long v = x.get(r) & value & 0xFFFF_FFFFL;
            x.set(r, v);
            x.setFlags(Alu.logic(x.flags(), v, 32), RFlags.ARITH);
        });
    }

    public void addq(long value, Reg r, String comment) {
        emit("addq " + imm(value) + ", " + r64(r), immAluLen(value, r), comment, x -> {
            long a = x.get(r);
            x.set(r, a + value);
            x.setFlags(Alu.add(x.flags(), a, value, 64), RFlags.ARITH);
        });
    }

    public void shlq(int count, Reg r, String comment) {
        emit("shlq $" + count + ", " + r64(r), count == 1 ? 3 : 4, comment, x -> {
            long a = x.get(r);
            x.set(r, a << count);
            x.setFlags(Alu.shl(x.flags(), a, count), RFlags.ARITH);
        });
    }

    public void sarq(int count, Reg r, String comment) {
        emit("sarq $" + count + ", " + r64(r), count == 1 ? 3 : 4, comment, x -> {
            long a = x.get(r);
            x.set(r, a >> count);
            x.setFlags(Alu.sar(x.flags(), a, count), RFlags.ARITH);
        });
    }

    public void shrq(int count, Reg r, String comment) {
        emit("shrq $" + count + ", " + r64(r), count == 1 ? 3 : 4, comment, x -> {
            long a = x.get(r);
            x.set(r, a >>> count);
            x.setFlags(Alu.shr(x.flags(), a, count), RFlags.ARITH);
        });
    }

    /** bts $bit, %r */
    public void bts(int bit, Reg r, String comment) {
        emit("btsq $" + bit + ", " + r64(r), 5, comment, x -> {
            long a = x.get(r);
            x.setFlags(Alu.bitTest(x.flags(), ((a >>> bit) & 1) != 0));
            x.set(r, a | (1L << bit));
        });
    }

    /** bt %bitreg, mem — the bit offset is a signed register value (SDM BT, register bit offset). */
    public void bt(Reg bitReg, Mem m, String comment) {
        int len = memLen(m, true, bitReg, 2, 0);
        emit("btq " + r64(bitReg) + ", " + mem(m, len), len, memComment(m, comment), x -> {
            long off = x.get(bitReg);
            long addr = m.address(x) + (off >> 3);
            int bit = (int) (off & 7);
            long b = x.load(addr, 1);
            x.setFlags(Alu.bitTest(x.flags(), ((b >>> bit) & 1) != 0));
        });
    }

    /** btr %bitreg, mem */
    public void btr(Reg bitReg, Mem m, String label, String comment) {
        int len = memLen(m, true, bitReg, 2, 0);
        emit("btrq " + r64(bitReg) + ", " + mem(m, len), len, memComment(m, comment), x -> {
            long off = x.get(bitReg);
            long addr = m.address(x) + (off >> 3);
            int bit = (int) (off & 7);
            long b = x.load(addr, 1);
            x.setFlags(Alu.bitTest(x.flags(), ((b >>> bit) & 1) != 0));
            x.store(addr, b & ~(1L << bit), 1, label);
        });
    }

    /** cmpq %a, %b: flags of b - a (AT&T operand order). */
    public void cmpq(Reg a, Reg b, String comment) {
        emit("cmpq " + r64(a) + ", " + r64(b), 3, comment,
                x -> x.setFlags(Alu.sub(x.flags(), x.get(b), x.get(a), 64), RFlags.ARITH));
    }

    /** cmpq $imm, mem: flags of mem - imm. */
    public void cmpq(long value, String text, Mem m, String comment) {
        int len = memLen(m, true, null, 1, fits8(value) ? 1 : 4);
        emit("cmpq $" + text + ", " + mem(m, len), len, comment,
                x -> x.setFlags(Alu.sub(x.flags(), x.load64(m.address(x)), value, 64), RFlags.ARITH));
    }

    /** cmpq %r, mem: flags of mem - r. */
    public void cmpq(Reg r, Mem m, String comment) {
        int len = memLen(m, true, r, 1, 0);
        emit("cmpq " + r64(r) + ", " + mem(m, len), len, comment,
                x -> x.setFlags(Alu.sub(x.flags(), x.load64(m.address(x)), x.get(r), 64), RFlags.ARITH));
    }

    public void testq(long value, String text, Reg r, String comment) {
        emit("testq $" + text + ", " + r64(r), r == Reg.RAX ? 6 : 7, comment,
                x -> x.setFlags(Alu.logic(x.flags(), x.get(r) & value, 64), RFlags.ARITH));
    }

    /** testb %al, %al */
    public void testbAl(String comment) {
        emit("testb %al, %al", 2, comment,
                x -> x.setFlags(Alu.logic(x.flags(), x.get(Reg.RAX) & 0xFF, 8), RFlags.ARITH));
    }

    /** testb $imm, mem */
    public void testb(long value, Mem m, String comment) {
        int len = memLen(m, false, null, 1, 1);
        emit("testb $" + value + ", " + mem(m, len), len, comment,
                x -> x.setFlags(Alu.logic(x.flags(), x.load(m.address(x), 1) & value, 8), RFlags.ARITH));
    }

    // ---- control flow ----

    /** A jump whose target is a label; {@code size} is 2 (rel8) or 5 (rel32), as the assembler chose. */
    public void jmp(String label, int size, String comment) {
        emit("jmp " + shown(label), size, comment, x -> x.jump(label));
    }

    /** Conditional jump on the flags; {@code size} is 2 (rel8) or 6 (rel32). */
    public void jcc(String mnemonic, LongPredicate taken, String label, int size, String comment, CheckSpec check) {
        emit(mnemonic + " " + shown(label), size, comment, x -> {
            boolean t = taken.test(x.flags());
            if (check != null) {
                x.check(check.id(), !t, check.detail().apply(x), check.onFailure());
            }
            if (t) {
                x.jump(label);
            }
        });
    }

    /** Conditional jump that implements an assertion: taking the jump passes the check, falling through fails it. */
    public void jccPasses(String mnemonic, LongPredicate taken, String label, int size, String comment, CheckSpec check) {
        emit(mnemonic + " " + shown(label), size, comment, x -> {
            boolean t = taken.test(x.flags());
            x.check(check.id(), t, check.detail().apply(x), check.onFailure());
            if (t) {
                x.jump(label);
            }
        });
    }

    /**
     * A check a conditional jump decides: taking the jump fails it. {@code detail} reads the values now
     * and describes them later; {@code onFailure} says where a taken jump leads.
     */
    public record CheckSpec(String id, java.util.function.Function<Exec, java.util.function.Supplier<String>> detail,
                            String onFailure) {
    }

    /** Labels are made unique per macro use with a suffix; the source spells them without it. */
    /**
     * A label as the listing shows it: a macro expanded on both exits gets its local labels told apart
     * by a {@code #tag} suffix, which the assembler's own numbering hides.
     */
    static String shown(String label) {
        int hash = label.indexOf('#');
        return hash < 0 ? label : label.substring(0, hash);
    }

    public static boolean zf(long flags) {
        return (flags & RFlags.ZF) != 0;
    }

    public static boolean cf(long flags) {
        return (flags & RFlags.CF) != 0;
    }

    /** A patched-out ALTERNATIVE site: the bytes became one NOP of the original length. */
    public void nop(int bytes, String comment) {
        emit("nop", bytes, comment, x -> { });
    }

    /** wrmsr: MSR[ECX] = EDX:EAX. Only IA32_SPEC_CTRL is written on this path. */
    public void wrmsr(String comment) {
        emit("wrmsr", 2, comment, x -> {
            long msr = x.get(Reg.RCX) & 0xFFFF_FFFFL;
            long value = ((x.get(Reg.RDX) & 0xFFFF_FFFFL) << 32) | (x.get(Reg.RAX) & 0xFFFF_FFFFL);
            if (msr != Reg.SPEC_CTRL.msrNumber()) {
                x.fault(Outcome.Kind.NOT_SIMULATED, () -> String.format("wrmsr to MSR 0x%x is not simulated", msr));
            }
            x.set(Reg.SPEC_CTRL, value);
        });
    }

    /** verw: the memory-operand form that, with the MDS microcode, flushes CPU buffers; only ZF changes. */
    public void verw(String comment) {
        Mem sel = Mem.ripRelative("x86_verw_sel");
        int len = 2 + sel.modrmBytes(ripPercpu);
        emit("verw " + mem(sel, len), len, comment, x -> {
            // x86_verw_sel holds __KERNEL_DS, a writable data segment at CPL 0, so ZF = 1 (SDM VERW).
            x.setFlags(x.flags() | RFlags.ZF, RFlags.ZF);
            x.note("VERW on __KERNEL_DS sets ZF; the MDS microcode also flushes the CPU's buffers (not modelled)");
        });
    }

    /**
     * A call into code this simulation does not run instruction by instruction (the untraining
     * sequences, clear_bhb_loop, stackleak_erase). The call and its return are one step; the
     * registers the callee may change become undefined.
     */
    public void callOpaque(String symbol, Reg[] clobbers, String comment, String note) {
        emit("call " + symbol, 5, comment, x -> {
            for (Reg r : clobbers) {
                x.undefine(r, -1L);
            }
            x.undefine(Reg.RFLAGS, RFlags.ARITH);
            x.note(note);
        });
    }

    /** call to a simulated C function: pushes the return address and continues at {@code label}. */
    public void call(String label, String symbol, long target, String comment) {
        long ret = pc() + 5;
        emit("call " + symbol, 5, comment, x -> {
            x.pushReturnAddress(ret, "return address (" + symbol + " returns here)");
            x.jump(label);
            x.set(Reg.RIP, target);
        });
    }

    /**
     * movq %gs:symbol, %dst for a per-CPU variable whose offset the reference machine did not show
     * (x86_spec_ctrl_current): the encoding length is the same for any offset, and the value is the
     * one the kernel keeps there.
     */
    public void loadPercpuValue(String symbol, Reg dst, long value, String comment) {
        String operand = ripPercpu ? "%gs:" + symbol + "(%rip)" : "%gs:" + symbol;
        emit("movq " + operand + ", " + r64(dst), ripPercpu ? 8 : 9, comment, x -> x.set(dst, value));
    }

    /** endbr64: marks a valid indirect-branch target under CET IBT; a NOP on a CPU without CET. */
    public void endbr64(String comment) {
        emit("endbr64", 4, comment, x -> { });
    }

    /**
     * A patched-out site longer than the longest NOP: optimize_nops() turns the padding into a short
     * JMP over INT3 bytes (alternative.c add_nop, ASM_NOP_MAX = 11). One instruction runs.
     */
    public void jmpOverPadding(int siteBytes, String tag, String comment) {
        String end = ".Lpad_" + tag;
        jmp(end, 2, comment);
        skip(siteBytes - 2);
        label(end);
    }

    /** ud2: the kernel's BUG trap. */
    public void ud2(String comment, String why) {
        emit("ud2", 2, comment, x -> x.fault(Outcome.Kind.UD, why));
    }

    /** lfence: orders execution; no architectural effect the simulation tracks. */
    public void lfence(String comment) {
        emit("lfence", 3, comment, x -> { });
    }
}
