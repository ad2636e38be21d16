package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.syscall.CallSite;

/** What strace would print for a call, taken at the instruction that makes it: the registers, and for write its bytes. */
public final class Capture {
    /** write's numbers: 64-bit, x32 and i386. */
    private static final long WRITE_64 = 1;
    private static final long WRITE_X32 = 0x4000_0001L;
    private static final long WRITE_I386 = 4;

    private Capture() {
    }

    /** A 64-bit syscall: RAX, then RDI, RSI, RDX, R10, R8, R9. */
    public static void syscall64(Exec x) {
        long[] args = {x.get(Reg.RDI), x.get(Reg.RSI), x.get(Reg.RDX), x.get(Reg.R10), x.get(Reg.R8), x.get(Reg.R9)};
        long rax = x.get(Reg.RAX);
        byte[] data = (int) rax == WRITE_64 || (int) rax == WRITE_X32 ? bytes(x, args[1], args[2]) : null;
        x.setLocal(Local.CALL, new CallSite(rax, args, data));
    }

    /** An i386 syscall: EAX, then EBX, ECX, EDX, ESI, EDI, EBP, each as the kernel will truncate it. */
    public static void ia32(Exec x) {
        long[] args = {x.get(Reg.RBX), x.get(Reg.RCX), x.get(Reg.RDX), x.get(Reg.RSI), x.get(Reg.RDI), x.get(Reg.RBP)};
        long rax = x.get(Reg.RAX);
        byte[] data = (rax & 0xFFFF_FFFFL) == WRITE_I386 ? bytes(x, args[1] & 0xFFFF_FFFFL, args[2] & 0xFFFF_FFFFL) : null;
        x.setLocal(Local.CALL, new CallSite(rax, args, data, true));
    }

    /** A C call that stands for a syscall (a vDSO function, a vsyscall entry): its number and the C arguments. */
    public static void call(Exec x, long nr, long... args) {
        long[] six = new long[6];
        System.arraycopy(args, 0, six, 0, Math.min(6, args.length));
        x.setLocal(Local.CALL, new CallSite(nr, six, null));
    }

    private static byte[] bytes(Exec x, long buf, long count) {
        long want = Math.min(Math.max(count, 0), 64);
        long readable = x.memory().mappedPrefix(buf, want, true);
        return x.memory().read(buf, (int) Math.min(readable, want));
    }
}
