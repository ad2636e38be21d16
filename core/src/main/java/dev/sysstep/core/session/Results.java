package dev.sysstep.core.session;

import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.syscall.CallSite;
import dev.sysstep.core.syscall.SyscallTable;
import dev.sysstep.core.user.UserProgram;
import java.util.Optional;
import java.util.OptionalLong;

/** How a path came out: the syscall's result, its name as dispatched, and a whole run without history. */
public final class Results {
    private Results() {
    }

    /** A whole path run without history: how it came out and how many instructions it took. */
    public record Simulation(SyscallResult result, int instructions) {
    }

    static SyscallResult resultOf(Snapshot s, Memory memory, KernelConfig config, UserProgram program) {
        Outcome o = s.outcome();
        Locals locals = s.locals();
        CallSite call = locals.get(Local.CALL).orElse(null);
        long nr = call != null ? call.rax()
                : program.entry() == dev.sysstep.core.user.Entry.SYSCALL || program.isBare() ? s.cpu().get(Reg.RAX)
                : program.number();
        boolean ia32 = call != null ? call.ia32() : program.entry().ia32Abi();
        String name = ia32 ? ia32Name(nr) : syscallName(nr, config);
        OptionalLong ret = OptionalLong.empty();
        if (o != null && o.kind().returned() && program.entry() == dev.sysstep.core.user.Entry.LIBC
                && locals.get(Local.RETURN_VIA).isPresent()) {
            // glibc turned the syscall's result into -1 and errno: report the syscall's own value
            ret = OptionalLong.of(memory.read64(Layout.ptRegs(config.version()) + PtRegs.AX));
        } else if (o != null && o.kind().returned()) {
            ret = OptionalLong.of(s.cpu().get(Reg.RAX));
        } else if (locals.get(Local.RET).isPresent() || (o != null && o.kind() == Outcome.Kind.GP
                && locals.get(Local.RETURN_VIA).isEmpty() && locals.get(Local.NR).isPresent())) {
            ret = OptionalLong.of(memory.read64(Layout.ptRegs(config.version()) + PtRegs.AX));
        }
        Optional<String> errno = Optional.empty();
        if (ret.isPresent() && Errno.isError(ret.getAsLong())) {
            errno = Errno.name(-ret.getAsLong());
        }
        Optional<Integer> status = s.process().exitStatus();
        byte[] readData = locals.get(Local.READ_DATA).orElse(null);
        return new SyscallResult(name, nr, ret, errno, o, s.process().terminalOutput(), call, status, readData);
    }

    /** The name the kernel dispatches a raw RAX value to, as strace would print it. */
    public static String syscallName(long rax, KernelConfig config) {
        long nr = (int) rax;
        SyscallTable t = SyscallTable.of(config.version());
        long unr = nr & 0xFFFF_FFFFL;
        if (unr < config.version().nrSyscalls()) {
            return t.entry(unr).map(SyscallTable.Entry::name).orElse("syscall_" + unr);
        }
        long xnr = (nr - Limits.X32_SYSCALL_BIT) & 0xFFFF_FFFFL;
        if (xnr < Limits.X32_NR_SYSCALLS) {
            String base = xnr >= 512 ? SyscallTable.x32Name(xnr).orElse("?")
                    : t.entry(xnr).map(SyscallTable.Entry::name).orElse("syscall_" + xnr);
            return base + "(x32)";
        }
        return "syscall_0x" + Long.toHexString(rax);
    }

    /** The name an i386 number has in syscall_32.tbl, where the reference lists it. */
    public static String ia32Name(long eax) {
        long nr = eax & 0xFFFF_FFFFL;
        return dev.sysstep.core.syscall.I386Table.entry(nr).map(dev.sysstep.core.syscall.I386Table.Entry::name)
                .orElse("syscall_" + nr);
    }

    /** Runs a whole path without keeping history: the fast path for benchmarks and batch checks. */
    public static Simulation simulate(KernelConfig config, UserProgram program) {
        return simulate(LinuxPath.build(config, program));
    }

    /** As {@link #simulate(KernelConfig, UserProgram)}, reusing a build (code and initial machine). */
    public static Simulation simulate(LinuxPath.Build b) {
        Memory mem = b.initialMemory();
        Snapshot start = new Snapshot(b.cpu(), mem.regions(), b.process(), Locals.empty(), b.code().first(), null);
        Engine.Machine m = new Engine.Machine(start, b.code());
        Engine.Run run = new Engine(b.code(), b.symbols(), b.config(), mem, Exec.Mode.RUN)
                .run(m, Timeline.MAX_INSTRUCTIONS);
        if (run.fault() != null) {
            // The faulting instruction changes nothing: the machine is the one after the instructions before it.
            mem = b.initialMemory();
            m = new Engine.Machine(start, b.code());
            new Engine(b.code(), b.symbols(), b.config(), mem, Exec.Mode.RUN).run(m, run.executed() - 1);
            m.at = -1;
            m.outcome = run.fault();
        }
        return new Simulation(resultOf(m.snapshot(mem.regions(), b.code()), mem, b.config(), b.program()), run.executed());
    }
}
