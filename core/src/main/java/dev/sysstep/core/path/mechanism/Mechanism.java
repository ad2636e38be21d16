package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;

/**
 * One way into the kernel (kernel-other-entries.md §1): the user code that takes it, the entry code
 * and C it reaches, and the way back. Each is its own class and shares with the others what the
 * kernel shares (the dispatch, the handlers, the exit work, the IRET exit).
 */
public interface Mechanism {
    /** All code one run of {@code p} can execute on profile {@code c}. */
    void emit(Asm a, KernelConfig c, UserProgram p);

    /** The process's part of the machine: its mappings, memory contents, symbols and registers. */
    void setUp(Setup s, KernelConfig c, UserProgram p);

    static Mechanism of(Entry e) {
        return switch (e) {
            case SYSCALL -> new Syscall64();
            case INT80 -> new Int80From64();
            case IA32_VSYSCALL, IA32_INT80, IA32_SYSCALL -> new Compat32();
            case VDSO -> new Vdso();
            case VSYSCALL -> new Vsyscall();
            case LIBC -> new Libc();
        };
    }
}
