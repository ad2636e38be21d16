package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.user.Caller64;
import dev.sysstep.core.path.user.Capture;
import dev.sysstep.core.path.user.Vdso64;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * A vDSO time function (kernel-other-entries.md §5): the call stays in user mode unless the clock
 * cannot be read there, and then the vDSO makes the 64-bit syscall itself.
 */
final class Vdso implements Mechanism {
    private static Caller64 caller(UserProgram p) {
        long[] args = p.args().stream().mapToLong(UserProgram.Arg::value).toArray();
        List<UserProgram.Load> loads = new ArrayList<>(Caller64.arguments(args));
        loads.add(UserProgram.Load.of("rax", Vdso64.entry(p.function().orElseThrow()), false));
        return new Caller64(loads, new byte[] {(byte) 0xff, (byte) 0xd0});
    }

    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        String fn = p.function().orElseThrow();
        boolean documented = c.version().otherEntries().vdso();
        Caller64 call = caller(p);
        long[] args = p.args().stream().mapToLong(UserProgram.Arg::value).toArray();
        call.emitCall(a, "Load the arguments and the vDSO function's address",
                "The C arguments go in RDI and RSI. The function's address is what glibc found in the vDSO's symbol "
                + "table at startup (here an illustrative address: where Debian's vDSO is mapped was not "
                + "observed); glibc's " + fn + " calls it through a register, like this.", asm -> {
                    asm.phase("user.call_vdso", "call *%rax: into the vDSO, still in user mode", PhaseKind.USER,
                            Src.c(c.version(), "sysdeps/unix/sysv/linux/clock_gettime.c (glibc 2.36)", fn, ""),
                            "An ordinary call: CPL stays 3, CR3 and GS stay the user's, and the vDSO's code and the vvar "
                            + "page are mapped into every process. strace sees nothing of it unless the vDSO falls back "
                            + "to a syscall.", List.of("main"));
                    long ret = Layout.USER_AFTER_SYSCALL;
                    long nr = p.number();
                    asm.emit("call *%rax", 2, "__vdso_" + fn, x -> {
                        if (!documented) {
                            x.fault(Outcome.Kind.NOT_SIMULATED, "the vDSO of " + c.version().release() + " is not "
                                    + "simulated: its data store was rebuilt after 6.12 and is not modelled");
                        }
                        Capture.call(x, nr, args);
                        long target = x.get(Reg.RAX);
                        x.pushReturnAddress(ret, "return address (__vdso_" + fn + " returns here)");
                        x.set(Reg.RIP, target);
                        x.transfer(target);
                    });
                });
        if (documented) {
            Vdso64.emit(a, c, fn);
            Syscall64.emitKernel(a, c);
        }
        call.emitAfter(a, "Back in the program: RAX is the vDSO function's result (0, or -1 before glibc turns it into "
                + "errno for clock_gettime; the seconds for time).");
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        caller(p).setUp(s, c, p);
        Vdso64.setUp(s, c);
        Syscall64.kernelSymbols(s, c);
        if (!p.function().orElse("").equals("time")) {
            s.symbol(Layout.USER_READ_BUFFER, 16, p.function().orElse("").equals("gettimeofday") ? "tv (struct timeval)"
                    : "ts (struct timespec)");
        }
    }
}
