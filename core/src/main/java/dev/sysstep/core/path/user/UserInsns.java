package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.CodeBuilder;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.Interrupts;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.cpu.Alu;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.user.UserProgram;
import java.util.List;

/**
 * User-mode instructions and phases the 64-bit programs share: the prelude that loads registers, the
 * int $0x80 and syscall instructions, calls and returns, and the instruction that takes the result.
 */
public final class UserInsns {
    static final List<String> MAIN = List.of("main");
    static final SourceRef PROGRAM = new SourceRef("the test program (static, non-PIE)", "main", "", "");

    private UserInsns() {
    }

    /** One instruction per register the prelude loads, at {@code start}. */
    public static void prelude(CodeBuilder a, List<UserProgram.Load> loads, String title, String explanation,
                               List<String> frames, SourceRef src) {
        if (loads.isEmpty()) {
            return;
        }
        a.phase("user.prelude", title, PhaseKind.USER, src, explanation, frames);
        for (UserProgram.Load l : loads) {
            Reg r = Reg.byName(l.register()).orElseThrow();
            long value = l.value();
            a.emit(l.text(), l.length(), l.message() ? "msg in .rodata" : "", x -> x.set(r, value));
        }
    }

    /**
     * int $0x80: vector 0x80 of the IDT; {@code next} is the address after the two bytes. Where the
     * profile's reference gives no int $0x80 path, the run stops before it and says so.
     */
    public static void int80(Asm a, long next, boolean documented, String release) {
        a.emit("int $0x80", 2, "", x -> {
            if (!documented) {
                x.fault(Outcome.Kind.NOT_SIMULATED, "int $0x80 on " + release + " is not simulated: this release's int "
                        + "$0x80 path was not checked, and another release's code is not shown in its place");
            }
            Capture.ia32(x);
            x.note("IDT[0x80] at 0xfffffe0000000800: an interrupt gate (type 0xE) with DPL 3, IST 0, selector 0x10 "
                    + "(arch/x86/kernel/idt.c, SYSG)");
            Interrupts.int80(x, next, dev.sysstep.core.path.entry.Int80Entry.GATE_TARGET);
        });
    }

    /** The hardware phase of int $0x80, before the instruction. */
    public static void int80Phase(Asm a, List<String> frames) {
        a.phase("user.int80", "int $0x80: through the IDT", PhaseKind.HARDWARE, Src.sdm("INT n (and Vol. 3A §6.12.1, §6.14)"),
                "INT n through an IDT gate. Vector 0x80's gate is an interrupt gate with DPL 3, so CPL 3 may use it "
                + "(a DPL-0 gate would raise #GP(0x402)). Its target CS 0x10 has DPL 0, a privilege change: the CPU "
                + "loads RSP from TSS.RSP0, the per-CPU entry stack, aligns it to 16 bytes, loads a NULL SS and pushes "
                + "SS, RSP, RFLAGS, CS and the RIP of the next instruction, 8 bytes each, no error code. It clears TF, "
                + "NT, RF and VM, and IF because it is an interrupt gate, then jumps to the gate's handler. GS base, "
                + "CR3 and every general register are left as they were: unlike SYSCALL it saves RIP and RFLAGS on the "
                + "stack, not in RCX and R11.",
                frames);
    }

    /** {@code test %rax,%rax} (or %eax in a 32-bit process): the program looks at the result; only the flags change. */
    public static void testResult(Asm a, long address, boolean compat, String title, String explanation, List<String> frames,
                                  SourceRef src) {
        a.org(address);
        a.phase("user.next", title, PhaseKind.USER, src, explanation, frames);
        a.emit(compat ? "test %eax, %eax" : "test %rax, %rax", compat ? 2 : 3, "is the result an error?",
                x -> x.setFlags(Alu.logic(x.flags(), compat ? x.get(Reg.RAX) & 0xFFFF_FFFFL : x.get(Reg.RAX), compat ? 32 : 64),
                        RFlags.ARITH));
    }

    /** The bytes of {@code test %rax,%rax} and {@code test %eax,%eax}. */
    public static byte[] testBytes(boolean compat) {
        return compat ? new byte[] {(byte) 0x85, (byte) 0xc0} : new byte[] {0x48, (byte) 0x85, (byte) 0xc0};
    }

    /** syscall from 64-bit user code (a vDSO fallback, glibc): the call is captured as strace would see it. */
    public static void syscall(Asm a, String comment) {
        long next = a.pc() + 2;
        a.emit("syscall", 2, comment, x -> {
            Capture.syscall64(x);
            Hardware.syscall(x, next);
        });
    }

    /** call rel32 to an absolute target (the vsyscall page): the return address goes on the user stack. */
    public static void callDirect(Asm a, long target, String symbol, String comment) {
        long ret = a.pc() + 5;
        a.emit("call " + symbol, 5, comment, x -> {
            x.pushReturnAddress(ret, "return address (" + symbol + " returns here)");
            x.set(Reg.RIP, target);
            x.transfer(target);
        });
    }

    /** call *%rax. */
    public static void callRax(Asm a, String symbol, String comment) {
        long ret = a.pc() + 2;
        a.emit("call *%rax", 2, comment, x -> {
            long target = x.get(Reg.RAX);
            x.pushReturnAddress(ret, "return address (" + symbol + " returns here)");
            x.set(Reg.RIP, target);
            x.transfer(target);
        });
    }

    /** ret: back to the address on the user stack. */
    public static void ret(Asm a, String comment) {
        a.emit("ret", 1, comment, x -> {
            long to = x.pop();
            x.set(Reg.RIP, to);
            x.transfer(to);
        });
    }
}
