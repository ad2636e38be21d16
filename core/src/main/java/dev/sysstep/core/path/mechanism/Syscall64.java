package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.c.DoSyscall64;
import dev.sysstep.core.path.entry.Syscall64Entry;
import dev.sysstep.core.path.exit.IretExit;
import dev.sysstep.core.path.exit.SysretExit;
import dev.sysstep.core.path.user.Program64;
import dev.sysstep.core.path.user.UserCode;
import dev.sysstep.core.user.UserProgram;

/** {@code syscall} from a 64-bit process: entry_SYSCALL_64, do_syscall_64, SYSRET or IRET (kernel-entry.md). */
final class Syscall64 implements Mechanism {
    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        UserCode.emitBefore(a, p);
        emitKernel(a, c);
        UserCode.emitAfter(a, p);
    }

    /** The kernel side, which the vDSO's fallback and glibc's wrappers reach as well. */
    static void emitKernel(Asm a, KernelConfig c) {
        Syscall64Entry.emit(a, c);
        long afterCall = a.pc();
        DoSyscall64.emit(a, c);
        a.org(afterCall);
        SysretExit.emit(a, c);
        IretExit.emit(a, c);
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        Program64.setUp(s, c, p, p.isBare() ? Program64.ENTRY_INSN : p.start());
        s.init(Program64.ENTRY_INSN, new byte[] {0x0f, 0x05}, "syscall");
        if (!p.isBare()) {
            s.init(Layout.USER_AFTER_SYSCALL, new byte[] {0x48, (byte) 0x89, (byte) 0xc1}, "mov %rax,%rcx");
        }
        kernelSymbols(s, c);
    }

    /** The slot below pt_regs that do_syscall_64's return address takes. */
    static void kernelSymbols(Setup s, KernelConfig c) {
        s.symbol(Layout.ptRegs(c.version()) - 8, 8, "return address (call do_syscall_64)");
    }
}
