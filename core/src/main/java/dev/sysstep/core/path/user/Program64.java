package dev.sysstep.core.path.user;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.user.UserProgram;

/**
 * The 64-bit static, non-PIE test program of the observed machines: text at 0x401000, .rodata with
 * the message at 0x47cfc4, a stack below the observed RSP. Every 64-bit entry mechanism runs in it;
 * what differs is the instruction that leaves it (syscall, int $0x80, a call).
 */
public final class Program64 {
    /** Where the instruction that enters the kernel (or calls out) starts: the observed syscall at 0x401b27. */
    public static final long ENTRY_INSN = Layout.USER_SYSCALL_INSN;

    private Program64() {
    }

    /** Regions, the message, the prelude's bytes, and the registers of a process about to run from {@code rip}. */
    public static void setUp(Setup s, KernelConfig c, UserProgram p, long rip) {
        s.userRegion(new Region("user text", Layout.USER_TEXT_START, Layout.USER_TEXT_END, true, false, false));
        long rodataEnd = Layout.USER_RODATA_END;
        if (p.hasMessage()) {
            long end = Layout.USER_MSG + p.message().length;
            rodataEnd = Math.max(rodataEnd, (end + Limits.PAGE_SIZE - 1) & -Limits.PAGE_SIZE);
        }
        s.userRegion(new Region("user .rodata", Layout.USER_RODATA_START, rodataEnd, true, false, false));
        s.userRegion(new Region("user stack", Layout.USER_STACK_START, Layout.USER_STACK_END, true, true, false));
        long addr = p.start();
        for (UserProgram.Load l : p.prelude()) {
            s.init(addr, l.encode(addr), "user text");
            addr += l.length();
        }
        if (p.hasMessage()) {
            s.init(Layout.USER_MSG, p.message(), "msg");
            s.symbol(Layout.USER_MSG, Math.max(1, p.message().length), "msg");
        }
        s.user64(c, rip);
    }
}
