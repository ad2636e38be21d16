package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.user.Caller64;
import dev.sysstep.core.path.user.Libc64;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;

/** glibc's write() or syscall() around the 64-bit path (kernel-other-entries.md §7). */
final class Libc implements Mechanism {
    private static boolean isWrite(UserProgram p) {
        return p.function().orElse("").equals("write");
    }

    /** The C arguments: write(fd, buf, count), or syscall(number, a1..a5) with a6 on the stack. */
    private static Caller64 caller(UserProgram p) {
        List<UserProgram.Load> loads = new ArrayList<>();
        String[] regs = Caller64.C_ARGS;
        if (isWrite(p)) {
            for (int i = 0; i < p.args().size(); i++) {
                UserProgram.Arg a = p.args().get(i);
                loads.add(a.isMessage() ? UserProgram.Load.message(regs[i], Layout.USER_MSG, false)
                        : UserProgram.Load.of(regs[i], a.value(), false));
            }
        } else {
            loads.add(UserProgram.Load.of("rdi", p.number(), false));
            for (int i = 0; i < Math.min(5, p.args().size()); i++) {
                loads.add(UserProgram.Load.of(regs[i + 1], p.args().get(i).value(), false));
            }
        }
        loads.add(UserProgram.Load.of("rax", isWrite(p) ? Libc64.WRITE : Libc64.SYSCALL, false));
        return new Caller64(loads, new byte[] {(byte) 0xff, (byte) 0xd0});
    }

    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        String fn = isWrite(p) ? "write" : "syscall";
        Caller64 call = caller(p);
        call.emitCall(a, "Load the C arguments and " + fn + "'s address",
                "An ordinary C call: the arguments in RDI, RSI, RDX, RCX, R8, R9" + (isWrite(p) ? ""
                        : ", and syscall()'s 7th (the syscall's 6th argument) already on the stack") + ". " + fn
                + " is in libc.so.6; the program calls it through the address the dynamic linker resolved (libc's load "
                + "address is illustrative).", asm -> {
                    asm.phase("user.call_libc", "call *%rax: into glibc's " + fn, PhaseKind.USER, UserCodeSource.PROGRAM,
                            "The call pushes the return address; glibc's wrapper makes the syscall.", List.of("main"));
                    long ret = Layout.USER_AFTER_SYSCALL;
                    asm.emit("call *%rax", 2, fn, x -> {
                        long target = x.get(Reg.RAX);
                        x.pushReturnAddress(ret, "return address (" + fn + " returns here)");
                        x.set(Reg.RIP, target);
                        x.transfer(target);
                    });
                });
        if (isWrite(p)) {
            Libc64.emitWrite(a);
        } else {
            Libc64.emitSyscall(a);
        }
        Syscall64.emitKernel(a, c);
        call.emitAfter(a, "Back in the program with glibc's result: the byte count (or the syscall's value), or -1 "
                + "with errno set.");
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        caller(p).setUp(s, c, p);
        Libc64.setUp(s);
        Syscall64.kernelSymbols(s, c);
        // syscall() reads 8(%rsp) whatever the argument count: the caller's frames above RSP are mapped
        // (6.12's observed RSP is the end of the stack region this program otherwise maps)
        s.userRegion(new dev.sysstep.core.memory.Region("user stack (the caller's frames)", Layout.USER_STACK_END,
                Layout.USER_STACK_END + 0x1000L, true, true, false));
        if (!isWrite(p) && p.args().size() == 6) {
            long rsp = c.version().layout().userRsp();
            s.init(rsp, Bytes.le(p.args().get(5).value(), 8), "syscall()'s 7th argument");
            s.symbol(rsp, 8, "syscall()'s 7th argument (the syscall's arg 6)");
        }
    }
}
