package dev.sysstep.core.code;

import dev.sysstep.core.cpu.Alu;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;

/**
 * The kernel instructions the other entries add to those of entry_SYSCALL_64 (kernel-other-entries.md
 * §2–§4): the flag instructions, the tests of the 32-bit entries, SYSRETL, and calls and returns in
 * code whose addresses were not observed.
 */
public final class KernelInsns {
    private KernelInsns() {
    }

    /** cld: DF = 0, so string instructions in C run forwards. */
    public static void cld(Asm a, String comment) {
        a.emit("cld", 1, comment, x -> x.setFlags(x.flags() & ~RFlags.DF, RFlags.DF));
    }

    /** ASM_CLAC where the CPU has no SMAP (the observed machines' CR4.SMAP is 0): a 3-byte NOP. */
    public static void clacNop(Asm a) {
        a.nop(3, "ASM_CLAC: X86_FEATURE_SMAP clear (CR4.SMAP = 0), so no clac");
    }

    /** pushfq: pushes RFLAGS; the image has RF and VM clear (SDM PUSHF). */
    public static void pushfq(Asm a, String label, String comment) {
        a.emit("pushfq", 1, comment, x -> x.push(x.flags() & ~(RFlags.RF | RFlags.VM), label));
    }

    /** popfq at CPL 0 in 64-bit mode: every flag but VM, VIF and VIP comes from the stack, and RF is cleared (SDM POPF). */
    public static void popfq(Asm a, String comment) {
        a.emit("popfq", 1, comment, x -> {
            long v = x.pop();
            long keep = RFlags.VM | RFlags.VIF | RFlags.VIP;
            x.setFlags(((v & RFlags.DEFINED & ~keep & ~RFlags.RF) | (x.flags() & keep)) | RFlags.FIXED);
        });
    }

    /** testl $imm, mem: flags of the 32-bit AND. */
    public static void testl(Asm a, long value, String text, Mem m, String comment) {
        int len = a.memLen(m, false, null, 1, 4);
        a.emit("testl $" + text + ", " + a.mem(m, len), len, comment,
                x -> x.setFlags(Alu.logic(x.flags(), x.load(m.address(x), 4) & value, 32), RFlags.ARITH));
    }

    /** testl %e(r), %e(r): ZF when the low 32 bits are zero. */
    public static void testlSelf(Asm a, Reg r, String comment) {
        a.emit("testl " + Asm.r32(r) + ", " + Asm.r32(r), Asm.ext(r) ? 3 : 2, comment,
                x -> x.setFlags(Alu.logic(x.flags(), x.get(r) & 0xFFFF_FFFFL, 32), RFlags.ARITH));
    }

    /** leaq mem, %dst: the address, not the contents. */
    public static void leaq(Asm a, Mem m, Reg dst, String comment) {
        int len = a.memLen(m, true, dst, 1, 0);
        a.emit("leaq " + a.mem(m, len) + ", " + Asm.r64(dst), len, comment, x -> x.set(dst, m.address(x)));
    }

    /** movq $imm32, mem: the immediate is sign-extended to 64 bits. */
    public static void storeImm(Asm a, long value, String text, Mem m, String label, String comment) {
        int len = a.memLen(m, true, null, 1, 4);
        a.emit("movq $" + text + ", " + a.mem(m, len), len, comment, x -> x.store64(m.address(x), value, label));
    }

    /** sysretl: SYSRET without REX.W, back to a 32-bit process (kernel-other-entries.md §3.6). */
    public static void sysretl(Asm a, String comment) {
        a.emit("sysretl", 2, comment, Hardware::sysretl);
    }

    /**
     * A CALL from code whose address was not observed, or to a callee whose address was not: the
     * return address is a real number the simulation does not have, so its stack slot holds 0 and
     * says so, and the callee's RET goes back by name ({@link #ret}).
     */
    public static void callUnobserved(Asm a, String label, String symbol, String comment) {
        if (!a.isUnplaced()) {
            long ret = a.pc() + 5;
            a.emit("call " + symbol, 5, comment, x -> {
                x.pushReturnAddress(ret, "return address (" + symbol + " returns here)");
                x.jump(label);
            });
            return;
        }
        a.emit("call " + symbol, 5, comment, x -> {
            x.pushReturnAddress(0, "return address (" + symbol + " returns here; address not observed, shown as 0)");
            x.jump(label);
        });
    }

    /** RET back to {@code continuation}, the instruction after the CALL that pushed the slot it pops. */
    public static void ret(Asm a, String continuation, String comment) {
        a.emit("ret", 1, comment, x -> {
            x.pop();
            x.jump(continuation);
        });
    }
}
