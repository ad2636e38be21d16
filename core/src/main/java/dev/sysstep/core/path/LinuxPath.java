package dev.sysstep.core.path;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.MachineLayout;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbol;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.path.c.DoSyscall64;
import dev.sysstep.core.path.entry.Syscall64Entry;
import dev.sysstep.core.path.exit.IretExit;
import dev.sysstep.core.path.exit.SysretExit;
import dev.sysstep.core.path.user.UserCode;
import dev.sysstep.core.process.ProcessState;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;

/** Builds everything one run needs: the code for the profile and program, and the machine before it. */
public final class LinuxPath {
    /** The simulated process's pid. */
    public static final int PID = 4242;
    /** RFLAGS of the user program before SYSCALL: IF set, and ZF and PF from an earlier XOR (seed 001). */
    public static final long USER_RFLAGS = RFlags.IF | RFlags.ZF | RFlags.PF | RFlags.FIXED;

    private LinuxPath() {
    }

    /** Initial memory contents: bytes at an address. */
    public record Init(long address, byte[] bytes, String label) {
    }

    /** The code, symbols and initial machine for one profile and program. Immutable: one build seeds many runs. */
    public static final class Build {
        private final KernelConfig config;
        private final UserProgram program;
        private final KernelCode code;
        private final Symbols symbols;
        private final CpuState cpu;
        private final List<Region> regions;
        private final List<Init> memory;
        private final ProcessState process;
        /** The initial memory, written once; every run starts from a copy of it. */
        private final Memory image;

        Build(KernelConfig config, UserProgram program, KernelCode code, Symbols symbols, CpuState cpu,
              List<Region> regions, List<Init> memory, ProcessState process) {
            this.config = config;
            this.program = program;
            this.code = code;
            this.symbols = symbols;
            this.cpu = cpu;
            this.regions = List.copyOf(regions);
            this.memory = List.copyOf(memory);
            this.process = process;
            image = new Memory();
            image.setRegions(this.regions);
            for (Init i : this.memory) {
                image.write(i.address(), i.bytes(), i.label(), dev.sysstep.core.memory.MemWrite.Kind.STORE);
            }
        }

        public KernelConfig config() {
            return config;
        }

        public UserProgram program() {
            return program;
        }

        public KernelCode code() {
            return code;
        }

        public Symbols symbols() {
            return symbols;
        }

        public CpuState cpu() {
            return cpu;
        }

        public List<Region> regions() {
            return regions;
        }

        /** What the initial memory holds, write by write (the program's bytes, its message). */
        public List<Init> memory() {
            return memory;
        }

        public ProcessState process() {
            return process;
        }

        /** A fresh copy of the initial memory: regions, contents and labels. */
        public Memory initialMemory() {
            return new Memory(image);
        }
    }

    public static Build build(KernelConfig c, UserProgram p) {
        Asm a = new Asm(c.version().percpuIsRipRelative());
        UserCode.emitBefore(a, p);
        Syscall64Entry.emit(a, c);
        long afterCall = a.pc();
        DoSyscall64.emit(a, c);
        a.org(afterCall);
        SysretExit.emit(a, c);
        IretExit.emit(a, c);
        UserCode.emitAfter(a, p);
        KernelCode code = a.build();
        return new Build(c, p, code, symbols(c, p), initialCpu(c, p), regions(c, p), memory(c, p),
                ProcessState.initial(PID));
    }

    static CpuState initialCpu(KernelConfig c, UserProgram p) {
        CpuState.Builder b = CpuState.zero().toBuilder();
        b.set(Reg.RSP, c.version().layout().userRsp());
        b.set(Reg.RIP, p.isBare() ? Layout.USER_SYSCALL_INSN : p.start());
        b.set(Reg.RFLAGS, USER_RFLAGS);
        b.set(Reg.CS, Selectors.USER_CS);
        b.set(Reg.SS, Selectors.USER_DS);
        b.set(Reg.CPL, 3);
        b.set(Reg.FS_BASE, Layout.USER_FS_BASE);
        b.set(Reg.GS_BASE, Layout.USER_GS_BASE);
        b.set(Reg.KERNEL_GS_BASE, Layout.PERCPU_BASE);
        b.set(Reg.CR3, Layout.userCr3(c));
        b.set(Reg.CR4, Layout.cr4(c));
        b.set(Reg.EFER, Layout.EFER);
        b.set(Reg.STAR, Layout.STAR);
        b.set(Reg.LSTAR, c.version().layout().entrySyscall64());
        if (c.vendor() == Vendor.INTEL && c.version().skipsCstarOnIntel()) {
            b.set(Reg.CSTAR, 0);
        } else {
            // entry_SYSCALL_compat: written here, but its address was not observed.
            b.setPartly(Reg.CSTAR, 0, -1L);
        }
        b.set(Reg.SYSCALL_MASK, RFlags.LINUX_SYSCALL_MASK);
        b.set(Reg.SPEC_CTRL, 0);
        return b.build();
    }

    static List<Region> regions(KernelConfig c, UserProgram p) {
        List<Region> r = new ArrayList<>();
        r.add(new Region("user text", Layout.USER_TEXT_START, Layout.USER_TEXT_END, true, false, false));
        long rodataEnd = Layout.USER_RODATA_END;
        if (p.hasMessage()) {
            long end = Layout.USER_MSG + p.message().length;
            rodataEnd = Math.max(rodataEnd, (end + Limits.PAGE_SIZE - 1) & -Limits.PAGE_SIZE);
        }
        r.add(new Region("user .rodata", Layout.USER_RODATA_START, rodataEnd, true, false, false));
        r.add(new Region("user stack", Layout.USER_STACK_START, Layout.USER_STACK_END, true, true, false));
        long tssPage = Layout.percpu(Layout.CPU_TSS_RW);
        r.add(new Region("per-CPU area", Layout.PERCPU_BASE, tssPage, false, true, false));
        r.add(new Region("per-CPU TSS page (cpu_tss_rw)", tssPage, tssPage + Limits.PAGE_SIZE, false, true, true));
        r.add(new Region("per-CPU area", tssPage + Limits.PAGE_SIZE, Layout.percpu(Layout.PERCPU_SIZE), false, true, false));
        r.add(new Region("task stack", Layout.TASK_STACK_END - Limits.THREAD_SIZE, Layout.TASK_STACK_END, false, true, false));
        r.add(new Region("entry stack (trampoline)", Layout.ENTRY_STACK_TOP - Limits.ENTRY_STACK_SIZE,
                Layout.ENTRY_STACK_TOP, false, true, true));
        return List.copyOf(r);
    }

    static List<Init> memory(KernelConfig c, UserProgram p) {
        List<Init> m = new ArrayList<>();
        long addr = p.isBare() ? Layout.USER_SYSCALL_INSN : p.start();
        for (UserProgram.Load l : p.prelude()) {
            m.add(new Init(addr, l.encode(addr), "user text"));
            addr += l.length();
        }
        m.add(new Init(Layout.USER_SYSCALL_INSN, new byte[] {0x0f, 0x05}, "syscall"));
        if (!p.isBare()) {
            m.add(new Init(Layout.USER_AFTER_SYSCALL, new byte[] {0x48, (byte) 0x89, (byte) 0xc1}, "mov %rax,%rcx"));
        }
        if (p.hasMessage()) {
            m.add(new Init(Layout.USER_MSG, p.message(), "msg"));
        }
        m.add(new Init(Layout.tssSp0(), Bytes.le(Layout.ENTRY_STACK_TOP, 8), "TSS.sp0"));
        MachineLayout l = c.version().layout();
        m.add(new Init(Layout.percpu(l.topOfStackOffset()), Bytes.le(Layout.topOfStack(c.version()), 8),
                l.topOfStackSymbol()));
        return m;
    }

    static Symbols symbols(KernelConfig c, UserProgram p) {
        List<Symbol> s = new ArrayList<>();
        long tss = Layout.percpu(Layout.CPU_TSS_RW);
        s.add(new Symbol(tss + Layout.TSS_SP0, 8, "TSS.sp0"));
        s.add(new Symbol(tss + Layout.TSS_SP1, 8, "TSS.sp1"));
        s.add(new Symbol(tss + Layout.TSS_SP2, 8, "TSS.sp2"));
        MachineLayout l = c.version().layout();
        s.add(new Symbol(Layout.percpu(l.topOfStackOffset()), 8, l.topOfStackSymbol()));
        s.add(new Symbol(Layout.percpu(l.userPcidFlushMask()), 2, "cpu_tlbstate.user_pcid_flush_mask"));
        long regs = Layout.ptRegs(c.version());
        for (PtRegs.Field f : PtRegs.FIELDS) {
            s.add(new Symbol(regs + f.offset(), 8, f.label()));
        }
        s.add(new Symbol(regs - 8, 8, "return address (call do_syscall_64)"));
        if (c.version().stackPadding() > 0) {
            s.add(new Symbol(Layout.topOfStack(c.version()), c.version().stackPadding(),
                    "TOP_OF_KERNEL_STACK_PADDING (CONFIG_X86_FRED)"));
        }
        if (p.hasMessage()) {
            s.add(new Symbol(Layout.USER_MSG, Math.max(1, p.message().length), "msg"));
        }
        return new Symbols(s);
    }

    /** True when the CR4 of a state has LA57 set. */
    public static boolean la57(CpuState cpu) {
        return (cpu.get(Reg.CR4) & ControlBits.CR4_LA57) != 0;
    }
}
