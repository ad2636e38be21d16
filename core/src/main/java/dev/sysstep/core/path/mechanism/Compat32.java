package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.c.FastSyscall32C;
import dev.sysstep.core.path.c.Int80C;
import dev.sysstep.core.path.entry.Compat32Entry;
import dev.sysstep.core.path.entry.Int80Entry;
import dev.sysstep.core.path.exit.IretExit;
import dev.sysstep.core.path.exit.Sysret32Exit;
import dev.sysstep.core.path.user.Program32;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;

/**
 * A 32-bit process (kernel-other-entries.md §2–§4): through the vDSO's __kernel_vsyscall (SYSENTER
 * on Intel, compat SYSCALL on AMD), with int $0x80, or with a raw syscall (#UD on Intel).
 */
final class Compat32 implements Mechanism {
    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        KernelVersion v = c.version();
        boolean amd = c.vendor() == Vendor.AMD;
        Entry e = p.entry();
        boolean int80 = e == Entry.IA32_INT80 && v.otherEntries().int80();
        boolean viaSysenter = !amd;
        boolean fast = e != Entry.IA32_INT80 && (viaSysenter ? v.otherEntries().sysenter() : v.otherEntries().syscallCompat());
        Program32.emit(a, c, p, int80, fast);
        if (int80) {
            Int80Entry.emit(a, c);
            Int80C.emit(a, c);
            IretExit.emit(a, c, Int80From64.WHY_IRET);
        } else if (fast) {
            if (viaSysenter) {
                Compat32Entry.emitSysenter(a, c);
            } else {
                Compat32Entry.emitSyscall(a, c);
            }
            Sysret32Exit.emit(a, c); // entry_SYSCALL_compat falls into it
            FastSyscall32C.emit(a, c, viaSysenter, Program32.landingPad(v));
            IretExit.emit(a, c, "do_fast_syscall_32 said no, so the return goes through IRET");
        }
        Program32.emitNext(a, p);
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        Program32.setUp(s, c, p);
    }
}
