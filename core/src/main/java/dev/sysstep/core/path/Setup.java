package dev.sysstep.core.path;

import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.MachineLayout;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbol;
import dev.sysstep.core.time.Timekeeper;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine before the first instruction, as it is put together: the kernel's part every path
 * shares (per-CPU area, TSS, stacks, MSRs, page tables) and the user process's part, which each
 * entry mechanism adds (its code, data and registers).
 */
public final class Setup {
    private final List<Region> userRegions = new ArrayList<>();
    private final List<Region> kernelRegions = new ArrayList<>();
    private final List<LinuxPath.Init> userMemory = new ArrayList<>();
    private final List<LinuxPath.Init> kernelMemory = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private final CpuState.Builder cpu = CpuState.zero().toBuilder();

    private Setup() {
    }

    public void userRegion(Region r) {
        userRegions.add(r);
    }

    /** Initial bytes in the process's memory. */
    public void init(long address, byte[] bytes, String label) {
        userMemory.add(new LinuxPath.Init(address, bytes, label));
    }

    private void kernelInit(long address, byte[] bytes, String label) {
        kernelMemory.add(new LinuxPath.Init(address, bytes, label));
    }

    public void symbol(long address, int size, String name) {
        symbols.add(new Symbol(address, size, name));
    }

    public void symbols(List<Symbol> s) {
        symbols.addAll(s);
    }

    public CpuState.Builder cpu() {
        return cpu;
    }

    List<Region> regions() {
        List<Region> r = new ArrayList<>(userRegions);
        r.addAll(kernelRegions);
        return r;
    }

    List<LinuxPath.Init> memory() {
        List<LinuxPath.Init> m = new ArrayList<>(userMemory);
        m.addAll(kernelMemory);
        return m;
    }

    List<Symbol> symbolList() {
        return symbols;
    }

    /** The kernel's part: what every run starts with whatever the program does. */
    static Setup kernel(KernelConfig c) {
        Setup s = new Setup();
        long tssPage = Layout.percpu(Layout.CPU_TSS_RW);
        s.kernelRegions.add(new Region("per-CPU area", Layout.PERCPU_BASE, tssPage, false, true, false));
        s.kernelRegions.add(new Region("per-CPU TSS page (cpu_tss_rw)", tssPage, tssPage + Limits.PAGE_SIZE, false, true, true));
        s.kernelRegions.add(new Region("per-CPU area", tssPage + Limits.PAGE_SIZE, Layout.percpu(Layout.PERCPU_SIZE), false, true,
                false));
        s.kernelRegions.add(new Region("task stack", Layout.TASK_STACK_END - Limits.THREAD_SIZE, Layout.TASK_STACK_END, false,
                true, false));
        s.kernelRegions.add(new Region("entry stack (trampoline)", Layout.ENTRY_STACK_TOP - Limits.ENTRY_STACK_SIZE,
                Layout.ENTRY_STACK_TOP, false, true, true));

        s.kernelInit(Layout.tssSp0(), Bytes.le(Layout.ENTRY_STACK_TOP, 8), "TSS.sp0");
        MachineLayout l = c.version().layout();
        s.kernelInit(Layout.percpu(l.topOfStackOffset()), Bytes.le(Layout.topOfStack(c.version()), 8), l.topOfStackSymbol());

        long tss = Layout.percpu(Layout.CPU_TSS_RW);
        s.symbol(tss + Layout.TSS_SP0, 8, "TSS.sp0");
        s.symbol(tss + Layout.TSS_SP1, 8, "TSS.sp1");
        s.symbol(tss + Layout.TSS_SP2, 8, "TSS.sp2");
        s.symbol(Layout.percpu(l.topOfStackOffset()), 8, l.topOfStackSymbol());
        s.symbol(Layout.percpu(l.userPcidFlushMask()), 2, "cpu_tlbstate.user_pcid_flush_mask");
        long regs = Layout.ptRegs(c.version());
        for (PtRegs.Field f : PtRegs.FIELDS) {
            s.symbol(regs + f.offset(), 8, f.label());
        }
        if (c.version().stackPadding() > 0) {
            s.symbol(Layout.topOfStack(c.version()), c.version().stackPadding(), "TOP_OF_KERNEL_STACK_PADDING (CONFIG_X86_FRED)");
        }
        kernelCpu(s.cpu, c);
        return s;
    }

    /** CR3, CR4, the MSRs syscall_init writes, and the TSC. */
    private static void kernelCpu(CpuState.Builder b, KernelConfig c) {
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
        // syscall_init for IA32_EMULATION=y (kernel-other-entries.md §3.1; observed-linux-6.1.md "MSRs"):
        // SYSENTER_CS = __KERNEL_CS, SYSENTER_ESP = the top of the entry stack (= TSS.sp0)
        b.set(Reg.SYSENTER_CS, Selectors.KERNEL_CS);
        b.set(Reg.SYSENTER_ESP, Layout.ENTRY_STACK_TOP);
        long eip = c.version().layout().entrySysenterCompat();
        if (eip == MachineLayout.NOT_OBSERVED) {
            b.setPartly(Reg.SYSENTER_EIP, 0, -1L); // entry_SYSENTER_compat: written, but not observed on this machine
        } else {
            b.set(Reg.SYSENTER_EIP, eip);
        }
        b.set(Reg.TSC, Timekeeper.TSC_NOW);
        b.set(Reg.TSC_AUX, 0); // setup_getcpu(0): node 0 << 12 | cpu 0
    }

    /** A 64-bit process at CPL 3, as the observed static test program ran: its selectors, stack, FS and GS. */
    public void user64(KernelConfig c, long rip) {
        cpu.set(Reg.RSP, c.version().layout().userRsp());
        cpu.set(Reg.RIP, rip);
        cpu.set(Reg.RFLAGS, LinuxPath.USER_RFLAGS);
        cpu.set(Reg.CS, Selectors.USER_CS);
        cpu.set(Reg.SS, Selectors.USER_DS);
        cpu.set(Reg.CPL, 3);
        cpu.set(Reg.FS_BASE, Layout.USER_FS_BASE);
        cpu.set(Reg.GS_BASE, Layout.USER_GS_BASE);
    }
}
