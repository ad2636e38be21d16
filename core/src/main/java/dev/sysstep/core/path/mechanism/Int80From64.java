package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.c.Int80C;
import dev.sysstep.core.path.entry.Int80Entry;
import dev.sysstep.core.path.exit.IretExit;
import dev.sysstep.core.path.user.Program64;
import dev.sysstep.core.path.user.UserInsns;
import dev.sysstep.core.user.UserProgram;
import java.util.List;

/**
 * {@code int $0x80} from a 64-bit process (kernel-other-entries.md §2): the i386 number and
 * arguments in EAX, EBX, ECX, EDX, ESI, EDI, EBP, the IDT gate, the int $0x80 entry, the ia32
 * dispatch, and IRET back.
 */
final class Int80From64 implements Mechanism {
    static final String WHY_IRET = "int $0x80 always returns through IRET";

    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        KernelVersion v = c.version();
        a.org(p.isBare() ? Program64.ENTRY_INSN : p.start());
        UserInsns.prelude(a, p.prelude(), "Load the i386 number and its arguments",
                "A 64-bit program can still make i386 syscalls: the number goes in EAX and the arguments in EBX, "
                + "ECX, EDX, ESI, EDI and EBP, the int $0x80 convention. 32-bit moves zero-extend into the 64-bit "
                + "registers; a value that needs more than 32 bits is loaded whole, and the kernel will drop its upper "
                + "half.",
                List.of("main"), UserCodeSource.PROGRAM);
        UserInsns.int80Phase(a, List.of("main"));
        UserInsns.int80(a, Program64.ENTRY_INSN + 2, v.otherEntries().int80(), v.release());
        if (v.otherEntries().int80()) {
            Int80Entry.emit(a, c);
            Int80C.emit(a, c);
            IretExit.emit(a, c, WHY_IRET);
        }
        if (!p.isBare()) {
            UserInsns.testResult(a, Layout.USER_AFTER_SYSCALL, false, "test %rax, %rax: the program takes the result",
                    "Back at the instruction after int $0x80. IRET restored every register from pt_regs except RAX, "
                    + "the result, sign-extended to 64 bits: RCX and R11 are the program's own, which SYSCALL would "
                    + "have clobbered.", List.of("main"), UserCodeSource.PROGRAM);
        }
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        Program64.setUp(s, c, p, p.isBare() ? Program64.ENTRY_INSN : p.start());
        s.init(Program64.ENTRY_INSN, new byte[] {(byte) 0xcd, (byte) 0x80}, "int $0x80");
        if (!p.isBare()) {
            s.init(Layout.USER_AFTER_SYSCALL, UserInsns.testBytes(false), "test %rax,%rax");
        }
    }
}
