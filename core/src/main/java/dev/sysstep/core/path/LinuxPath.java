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
import dev.sysstep.core.path.mechanism.Mechanism;
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
        Mechanism m = Mechanism.of(p.entry());
        Asm a = new Asm(c.version().percpuIsRipRelative());
        m.emit(a, c, p);
        KernelCode code = a.build();
        Setup s = Setup.kernel(c);
        m.setUp(s, c, p);
        return new Build(c, p, code, new Symbols(s.symbolList()), s.cpu().build(), s.regions(), s.memory(),
                ProcessState.initial(PID));
    }

    /** True when the CR4 of a state has LA57 set. */
    public static boolean la57(CpuState cpu) {
        return (cpu.get(Reg.CR4) & ControlBits.CR4_LA57) != 0;
    }
}
