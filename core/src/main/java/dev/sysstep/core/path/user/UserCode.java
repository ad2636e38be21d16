package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.user.UserProgram;
import java.util.List;

/** The user side: the program's register loads, the SYSCALL instruction, and the instruction after it. */
public final class UserCode {
    private static final List<String> FRAMES = List.of("main");
    private static final SourceRef PROGRAM = new SourceRef("the test program (static, non-PIE)", "main", "", "");

    private UserCode() {
    }

    public static void emitBefore(Asm a, UserProgram p) {
        if (!p.isBare()) {
            a.org(p.start());
            a.phase("user.prelude", "Load the syscall number and its arguments", PhaseKind.USER, PROGRAM,
                    "The program puts the number in RAX and the arguments in RDI, RSI, RDX, then R10, R8, R9: the "
                    + "x86-64 syscall convention. R10 replaces RCX because SYSCALL overwrites RCX. "
                    + "Nothing has left user mode yet: these are ordinary moves at CPL 3.",
                    FRAMES);
            for (UserProgram.Load l : p.prelude()) {
                Reg r = Reg.byName(l.register()).orElseThrow();
                a.emit(l.text(), l.length(), l.message() ? "msg in .rodata" : "", x -> x.set(r, l.value()));
            }
        } else {
            a.org(Layout.USER_SYSCALL_INSN);
        }
        a.phase("user.syscall", "syscall: into the kernel", PhaseKind.HARDWARE, Src.sdm("SYSCALL"),
                "SYSCALL saves the address of the next instruction in RCX and RFLAGS, with RF cleared, in R11. It "
                + "masks RFLAGS with IA32_FMASK (IF, TF, DF, AC and the arithmetic flags go to 0), loads CS and SS "
                + "from IA32_STAR with fixed flat descriptors, sets CPL 0 and jumps to IA32_LSTAR. It does not touch "
                + "RSP, the GS base or CR3: the kernel starts with no stack and on the user page tables.",
                FRAMES);
        a.emit("syscall", 2, "", x -> {
            Capture.syscall64(x);
            Hardware.syscall(x, Layout.USER_AFTER_SYSCALL);
        });
    }

    public static void emitAfter(Asm a, UserProgram p) {
        if (p.isBare()) {
            return;
        }
        a.org(Layout.USER_AFTER_SYSCALL);
        a.phase("user.next", "mov %rax, %rcx: the program takes the result", PhaseKind.USER, PROGRAM,
                "The instruction after syscall reads the result from RAX. RCX held the return address and R11 the "
                + "old RFLAGS: those are the two registers every program must expect SYSCALL to clobber.",
                FRAMES);
        a.emit("mov %rax, %rcx", 3, "save the return value", x -> x.set(Reg.RCX, x.get(Reg.RAX)));
    }
}
