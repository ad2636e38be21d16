package dev.sysstep.core.path.entry;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.MachineLayout;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.path.Macros;
import dev.sysstep.core.path.Src;

/**
 * entry_SYSCALL_64 from its first instruction to {@code call do_syscall_64}: the 64-bit SYSCALL
 * entry (reference §1.1; kernel-6.12.md §2).
 */
public final class Syscall64Entry {
    private Syscall64Entry() {
    }

    public static void emit(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        MachineLayout m = v.layout();
        a.org(m.entrySyscall64());
        a.label("entry_SYSCALL_64");

        if (c.ibt()) {
            a.phase("entry.endbr64", "endbr64: a valid target for IBT", PhaseKind.ASM, Src.entry(v, null, null),
                    "The kernel is built with CONFIG_X86_KERNEL_IBT, so ENDBR assembles to endbr64. With CET "
                    + "indirect branch tracking on, SYSCALL leaves the CPU waiting for an ENDBRANCH, and any other "
                    + "first instruction would raise #CP; on a CPU without CET it is a NOP."
                    + (v.ibtByDefault() ? "" : " This profile's build has no IBT; `config ibt on` added it."),
                    Src.ENTRY_FRAMES);
            a.endbr64("ENDBR");
        }

        a.phase("entry.swapgs", "swapgs: GS now points at this CPU's per-CPU area", PhaseKind.ASM,
                Src.entry(v, null, null),
                "SWAPGS exchanges the GS base with IA32_KERNEL_GS_BASE. The kernel's per-CPU area is now "
                + "reachable as %gs:offset, and the user's GS base waits in KERNEL_GS_BASE until the exit path "
                + "swaps it back. " + (!v.hasIbtAnnotations()
                        ? "In " + v.label() + " the entry starts with UNWIND_HINT_EMPTY, which emits no code."
                        : c.ibt() ? "UNWIND_HINT_ENTRY emits no code; the endbr64 before this came from ENDBR."
                        : "UNWIND_HINT_ENTRY emits no code, and ENDBR emits none either on a kernel built without IBT, "
                        + "like the observed 6.1 machine's (its LSTAR points straight at this swapgs)."),
                Src.ENTRY_FRAMES);
        a.swapgs("swap GS.base and IA32_KERNEL_GS_BASE");

        Mem sp2 = Mem.percpu(Layout.CPU_TSS_RW + Layout.TSS_SP2, "cpu_tss_rw + TSS_sp2");
        a.phase("entry.save_user_rsp", "Park the user RSP in TSS.sp2", PhaseKind.ASM, Src.entry(v, null, null),
                "The user stack pointer is stored in the TSS's ring-2 stack slot, which 64-bit Linux never uses "
                + "for its original purpose. PTI maps this per-CPU TSS page into the user page tables on purpose, "
                + "so the store works before CR3 changes. pt_regs->sp will be pushed from this slot, not from RSP.",
                Src.ENTRY_FRAMES);
        a.store(Reg.RSP, sp2, "TSS.sp2", "PER_CPU_VAR(cpu_tss_rw + TSS_sp2): tss.sp2 is scratch space");

        emitSwitchToKernelCr3(a, c);

        String top = v.stackTopInPcpuHot() ? "pcpu_hot + X86_top_of_stack" : "cpu_current_top_of_stack";
        a.phase("entry.load_kernel_stack", "Load the top of the task's kernel stack", PhaseKind.ASM,
                Src.entry(v, null, null),
                "RSP becomes " + (v.stackTopInPcpuHot() ? "pcpu_hot.top_of_stack (offset 0x18 of struct pcpu_hot, "
                + "after the call-depth counter)" : "cpu_current_top_of_stack") + ": the top of the current task's "
                + "16 KiB stack, stored there by __switch_to when this task was scheduled in. It is a per-CPU "
                + "variable, not a TSS slot. The kernel finally has a stack it may push on. "
                + (v.stackPadding() > 0
                        ? "Here the value is " + v.stackPadding() + " bytes below the end of the stack: CONFIG_X86_FRED "
                        + "reserves that padding (TOP_OF_KERNEL_STACK_PADDING) even though FRED is off at run time."
                        : "The value is the very end of the stack: pt_regs will end exactly there."),
                Src.ENTRY_FRAMES);
        a.load(Mem.percpu(m.topOfStackOffset(), m.topOfStackSymbol()), Reg.RSP, "PER_CPU_VAR(" + top + ")");

        a.phase("entry.push_iret_frame", "Push the hardware-style frame: ss, sp, flags, cs, ip", PhaseKind.ASM,
                Src.entry(v, null, null),
                "These five pushes build what an interrupt from user mode would have pushed, so pt_regs looks the "
                + "same whatever the entry. ss and cs are the constants __USER_DS (0x2b) and __USER_CS (0x33), not "
                + "the hardware selectors, which are the kernel's 0x18 and 0x10 at this point. sp comes from TSS.sp2, "
                + "flags from R11 and ip from RCX: where SYSCALL left them.",
                Src.ENTRY_FRAMES);
        a.label("entry_SYSCALL_64_safe_stack");
        a.pushImm(Selectors.USER_DS, "__USER_DS", "pt_regs->ss", "pt_regs->ss");
        a.push(sp2, "pt_regs->sp", "pt_regs->sp = the user RSP");
        a.push(Reg.R11, "pt_regs->flags", "pt_regs->flags = the user RFLAGS that SYSCALL saved");
        a.pushImm(Selectors.USER_CS, "__USER_CS", "pt_regs->cs", "pt_regs->cs");
        a.push(Reg.RCX, "pt_regs->ip", "pt_regs->ip = the user return address");

        a.phase("entry.push_orig_ax", "Push orig_ax: the full syscall number", PhaseKind.ASM,
                Src.entry(v, null, null),
                "RAX is saved whole as orig_ax, the slot tracers and syscall restart read the number from. The ax "
                + "slot pushed next will carry the return value instead.",
                Src.ENTRY_FRAMES);
        a.label("entry_SYSCALL_64_after_hwframe");
        a.push(Reg.RAX, "pt_regs->orig_ax", "pt_regs->orig_ax");

        a.phase("entry.push_regs", "PUSH_AND_CLEAR_REGS rax=$-ENOSYS: save the general registers", PhaseKind.ASM,
                Src.entry(v, "PUSH_AND_CLEAR_REGS", Src.CALLING_H),
                "PUSH_REGS pushes di, si, dx, cx, then -ENOSYS in place of ax, then r8-r11, bx, bp and r12-r15, "
                + "completing struct pt_regs (168 bytes). ax starts as -ENOSYS so that a syscall "
                + "that is never dispatched returns exactly that. cx holds the user return address and r11 the "
                + "user RFLAGS: the user's own RCX and R11 were already lost to SYSCALL.",
                Src.ENTRY_FRAMES);
        a.push(Reg.RDI, "pt_regs->di", "pt_regs->di = arg0");
        a.push(Reg.RSI, "pt_regs->si", "pt_regs->si = arg1");
        a.push(Reg.RDX, "pt_regs->dx", "pt_regs->dx = arg2");
        a.push(Reg.RCX, "pt_regs->cx", "pt_regs->cx = the return RIP, not the user's RCX");
        a.pushImm(-dev.sysstep.core.kernel.Errno.ENOSYS, "-ENOSYS", "pt_regs->ax",
                "pt_regs->ax = -ENOSYS until a handler returns");
        a.push(Reg.R8, "pt_regs->r8", "pt_regs->r8 = arg4");
        a.push(Reg.R9, "pt_regs->r9", "pt_regs->r9 = arg5");
        a.push(Reg.R10, "pt_regs->r10", "pt_regs->r10 = arg3");
        a.push(Reg.R11, "pt_regs->r11", "pt_regs->r11 = the user RFLAGS, not the user's R11");
        a.push(Reg.RBX, "pt_regs->bx", "pt_regs->bx");
        a.push(Reg.RBP, "pt_regs->bp", "pt_regs->bp");
        a.push(Reg.R12, "pt_regs->r12", "pt_regs->r12");
        a.push(Reg.R13, "pt_regs->r13", "pt_regs->r13");
        a.push(Reg.R14, "pt_regs->r14", "pt_regs->r14");
        a.push(Reg.R15, "pt_regs->r15", "pt_regs->r15");
        a.alsoDo(x -> x.setLocal(Local.PT_REGS_LIVE, true));

        a.phase("entry.clear_regs", "CLEAR_REGS: zero what the user controlled", PhaseKind.ASM,
                Src.entry(v, "PUSH_AND_CLEAR_REGS", Src.CALLING_H),
                "Registers user space could have loaded are zeroed, so speculative execution in the kernel cannot "
                + "use them as gadget inputs. The 32-bit XORs zero the full 64-bit registers. RAX (the number) and "
                + "RDI are kept; " + (v.clearRegsClearsRsi() ? "6.1 and later clear ESI too."
                : "5.14 keeps RSI as well; it is overwritten with nr in the next phase anyway."),
                Src.ENTRY_FRAMES);
        Macros.clearRegs(a, v);

        a.phase("entry.c_args", "Arguments for C: regs and the sign-extended number", PhaseKind.ASM,
                Src.entry(v, null, null),
                "RDI = RSP = &pt_regs, do_syscall_64's first argument. RSI = the low 32 bits of RAX, sign-extended "
                + "by movslq, because nr is an int: RAX = 0x100000001 dispatches as write, while orig_ax keeps all "
                + "64 bits.",
                Src.ENTRY_FRAMES);
        a.mov(Reg.RSP, Reg.RDI, "IRQs are off; arg0 = struct pt_regs *");
        a.movslq(Reg.RAX, Reg.RSI, "sign extend the lower 32 bits: syscall numbers are int");

        Mitigations.Site site = new Mitigations.Site("entry", m2 -> Src.entry(v, m2, Src.macroFile(m2)), Src.ENTRY_FRAMES);
        if (v.hasRetbleedMitigations()) {
            Mitigations.ibrsEnter(a, c, site, " It clobbers RAX, RCX and RDX, which is why it comes after the number "
                    + "was copied to RSI.");
            Mitigations.untrainRet(a, c, site);
        }
        if (v.hasClearBranchHistory()) {
            Mitigations.clearBranchHistory(a, c, site);
        }

        a.phase("entry.call_do_syscall_64", "call do_syscall_64", PhaseKind.ASM, Src.entry(v, null, null),
                "A plain CALL pushes the return address just below pt_regs and enters C. Until the RET, compiled C "
                + "runs; it is shown as one phase per function step, and the scratch registers it leaves behind are "
                + "marked unknown rather than guessed. " + (v.sysretChecksInC()
                        ? "It returns with IRQs disabled and a bool in AL: may SYSRET be used?"
                        : "It returns with IRQs disabled."),
                Src.ENTRY_FRAMES);
        a.call("c.do_syscall_64", "do_syscall_64", m.doSyscall64(), "returns with IRQs disabled");
    }

    private static void emitSwitchToKernelCr3(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        a.phase("entry.switch_to_kernel_cr3", "SWITCH_TO_KERNEL_CR3: to the kernel page tables", PhaseKind.ASM,
                Src.entry(v, "SWITCH_TO_KERNEL_CR3", Src.CALLING_H),
                Macros.switchToKernelCr3Explanation(c, "RSP (free as scratch now that the user RSP is saved)"),
                Src.ENTRY_FRAMES);
        Macros.switchToKernelCr3(a, c, Reg.RSP, "entry");
    }
}
