package dev.sysstep.core.path.entry;

import dev.sysstep.core.code.Stage;
import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.KernelInsns;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.path.Macros;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.exit.SysretExit;
import java.util.ArrayList;
import java.util.List;

/**
 * error_entry, sync_regs and error_return (kernel-other-entries.md §2.3, §2.6): how every idtentry
 * stub from user mode (int $0x80's, the page fault's) saves the registers on the entry stack, swaps
 * GS and CR3, and moves pt_regs to the task stack; and how it leaves again through IRET. Their
 * addresses were not observed, so they run without one.
 */
public final class ErrorEntry {
    public static final String LABEL = "error_entry";
    public static final String ERROR_RETURN = "error_return";
    private static final String SYNC_REGS = "c.sync_regs";

    private ErrorEntry() {
    }

    /** What the registers are called on the entry stack before sync_regs copies them. */
    private static String slot(String field) {
        return "entry-stack pt_regs->" + field;
    }

    /**
     * error_entry from user mode; its RET goes back to {@code back}. {@code stub} is the idtentry stub
     * that called it, for the call chain.
     */
    public static void emit(Asm a, KernelConfig c, String stub, String back) {
        KernelVersion v = c.version();
        String lines = v.otherEntries().idtentryLines().errorEntry();
        SourceRef src = Src.e64(v, "error_entry", lines);
        List<String> frames = List.of("error_entry", stub);
        // entry code throughout, also the C sync_regs it calls: the dispatch comes after it returns
        a.stage(Stage.ENTRY);
        a.label(LABEL);
        a.phase("error_entry.push_regs", "error_entry: PUSH_REGS save_ret=1 on the entry stack", PhaseKind.ASM, src,
                "The registers are saved on the stack the CPU pushed its frame on, the per-CPU entry stack: nothing "
                + "has switched GS, CR3 or stacks yet, and that stack and this code are mapped in the user page tables. "
                + "save_ret=1 moves error_entry's own return address out of the way: pt_regs->di takes its slot, and it "
                + "is pushed again on top. pt_regs->ax gets the user's full RAX, not -ENOSYS; cx and r11 are the "
                + "user's real RCX and R11, since no SYSCALL clobbered them.",
                frames);
        a.push(Reg.RSI, slot("si"), "pt_regs->si");
        a.emit("movq 0x8(%rsp), %rsi", 5, "temporarily store the return address in %rsi", x -> {
            x.load64(x.get(Reg.RSP) + 8);
            x.undefine(Reg.RSI, -1L);
            x.note("RSI = the return address into the stub, whose address was not observed: unknown");
        });
        a.store(Reg.RDI, Mem.at(Reg.RSP, 8, "8(%rsp)"), slot("di"), "pt_regs->di (overwriting the return address)");
        Reg[] rest = {Reg.RDX, Reg.RCX, Reg.RAX, Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.RBX, Reg.RBP, Reg.R12, Reg.R13,
            Reg.R14, Reg.R15};
        String[] names = {"dx", "cx", "ax", "r8", "r9", "r10", "r11", "bx", "bp", "r12", "r13", "r14", "r15"};
        for (int i = 0; i < rest.length; i++) {
            a.push(rest[i], slot(names[i]), "pt_regs->" + names[i]);
        }
        a.emit("pushq %rsi", 1, "return address back on top", x -> x.push(0,
                "return address (error_entry returns here; address not observed, shown as 0)"));

        a.phase("error_entry.clear_regs", "error_entry: CLEAR_REGS", PhaseKind.ASM, src,
                "As on the SYSCALL entry, every register user space could have loaded is zeroed with 32-bit XORs "
                + "against speculative use.", frames);
        Macros.clearRegs(a, v);

        a.phase("error_entry.from_user_mode", "error_entry: from user mode?", PhaseKind.ASM, src,
                "The saved CS is one slot further than in pt_regs, behind the return address: CS+8(%rsp). RPL 3 "
                + "means the exception came from user mode, which needs SWAPGS and the kernel CR3.", frames);
        a.testb(3, Mem.at(Reg.RSP, PtRegs.CS + 8, "CS+8(%rsp)"), "from user mode?");
        a.jcc("jz", Asm::zf, ".Lerror_kernelspace", 2, "", new Asm.CheckSpec("error_entry.from_user_mode", x -> {
            long cs = x.memory().read64(x.get(Reg.RSP) + PtRegs.CS + 8);
            return () -> "the frame's CS is 0x" + Long.toHexString(cs) + ", RPL " + (cs & 3);
        }, "the kernel-mode branch"));

        boolean fence = !c.kpti() && c.vendor() == Vendor.INTEL;
        a.phase("error_entry.swapgs", "error_entry: swapgs", PhaseKind.ASM, src,
                "GS now points at the per-CPU area. FENCE_SWAPGS_USER_ENTRY is an LFENCE only when the CPU has "
                + "X86_BUG_SWAPGS and PTI is off (bugs.c): with PTI the CR3 write that follows already serialises. "
                + (fence ? "PTI is off on this Intel CPU, so the LFENCE is there." : "Here it is a NOP."), frames);
        a.swapgs("");
        if (fence) {
            a.lfence("FENCE_SWAPGS_USER_ENTRY: X86_FEATURE_FENCE_SWAPGS_USER set");
        } else {
            a.nop(3, "FENCE_SWAPGS_USER_ENTRY: X86_FEATURE_FENCE_SWAPGS_USER clear");
        }

        a.phase("error_entry.switch_to_kernel_cr3", "error_entry: SWITCH_TO_KERNEL_CR3", PhaseKind.ASM, src,
                Macros.switchToKernelCr3Explanation(c, "RAX (already saved on the entry stack)"), frames);
        Macros.switchToKernelCr3(a, c, Reg.RAX, "error_entry");

        if (v.hasRetbleedMitigations()) {
            Mitigations.Site site = new Mitigations.Site("error_entry", m -> Src.e64(v, "error_entry: " + m
                    + " (" + Src.macroFile(m) + ")", lines), frames);
            Mitigations.ibrsEnter(a, c, site, " The registers it uses were saved and cleared already.");
            Mitigations.untrainRet(a, c, site);
        }

        a.phase("error_entry.sync_regs", "error_entry: call sync_regs", PhaseKind.ASM, src,
                "RDI = the pt_regs just built on the entry stack (above the return address). sync_regs copies them "
                + "to the top of the task stack and returns the new address in RAX.", frames);
        KernelInsns.leaq(a, Mem.at(Reg.RSP, 8, "8(%rsp)"), Reg.RDI, "arg0 = pt_regs on the entry stack");
        KernelInsns.callUnobserved(a, SYNC_REGS, "sync_regs", "");

        List<String> syncFrames = List.of("sync_regs", "error_entry", stub);
        a.phase(SYNC_REGS, "sync_regs: copy pt_regs to the task stack", PhaseKind.C,
                Src.c(v, "arch/x86/kernel/traps.c", "sync_regs", lines.isEmpty() ? "" : "860"),
                "The target is the top of the current task's stack minus sizeof(struct pt_regs) (168 bytes): where "
                + "task_pt_regs(current) is. The 21 words are copied as one struct assignment, and the target comes "
                + "back in RAX. From here pt_regs is where every syscall path keeps it.", syncFrames);
        a.label(SYNC_REGS);
        a.emitC(-1, "regs = (struct pt_regs *)this_cpu_read(cpu_current_top_of_stack) - 1; *regs = *eregs; return regs;",
                "", x -> {
                    long eregs = x.get(Reg.RDI);
                    long regs = Layout.ptRegs(v);
                    for (PtRegs.Field f : PtRegs.FIELDS) {
                        long w = x.memory().read64(eregs + f.offset());
                        x.storeBytes(regs + f.offset(), Bytes.le(w, 8), f.label());
                    }
                    for (Reg r : new Reg[] {Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9, Reg.R10, Reg.R11}) {
                        x.undefine(r, -1L);
                    }
                    x.undefine(Reg.RFLAGS, RFlags.ARITH);
                    x.set(Reg.RAX, regs);
                    x.setLocal(Local.PT_REGS_LIVE, true);
                    x.pop();
                    x.note(() -> String.format("168 bytes from 0x%x to 0x%x; RET pops the return address", eregs, regs));
                });

        a.phase("error_entry.ret", "error_entry: return to the stub", PhaseKind.ASM, src,
                "RET pops the return address that was pushed back on top of the entry-stack pt_regs. RSP is "
                + "still on the entry stack; the stub switches with the RAX sync_regs returned.", frames);
        KernelInsns.ret(a, back, "RET (possibly a return thunk, patched per CPU)");

        a.phase("error_entry.kernelspace", "error_entry: from kernel mode (not simulated)", PhaseKind.ASM, src,
                "Only an exception raised in kernel mode comes here.", frames);
        a.label(".Lerror_kernelspace");
        a.emit("leaq native_irq_return_iret(%rip), %rcx", 7, "", x -> x.fault(Outcome.Kind.NOT_SIMULATED,
                "error_entry's kernel-mode branch is not simulated"));
        a.stageByKind();
    }

    /**
     * error_return (kernel-other-entries.md §2.3 I9): back to user mode through
     * swapgs_restore_regs_and_return_to_usermode when the frame's CS has RPL 3.
     */
    public static void emitErrorReturn(Asm a, KernelConfig c, List<String> frames) {
        KernelVersion v = c.version();
        SourceRef src = Src.e64(v, "error_return", v.otherEntries().idtentryLines().errorReturn());
        List<String> f = new ArrayList<>();
        f.add("error_return");
        f.addAll(frames);
        a.label(ERROR_RETURN);
        a.phase("error_return", "error_return: back to user mode?", PhaseKind.ASM, src,
                "RSP is at pt_regs on the task stack. A frame from user mode (RPL 3 in CS) leaves through "
                + "swapgs_restore_regs_and_return_to_usermode, the IRET exit every syscall path shares.", f);
        a.testb(3, Mem.at(Reg.RSP, PtRegs.CS, "CS(%rsp)"), "returning to user mode?");
        a.jcc("jz", Asm::zf, ".Lrestore_regs_and_return_to_kernel", 2, "", new Asm.CheckSpec("error_return.to_user_mode",
                x -> {
                    long cs = x.memory().read64(x.get(Reg.RSP) + PtRegs.CS);
                    return () -> "the frame's CS is 0x" + Long.toHexString(cs) + ", RPL " + (cs & 3);
                }, "restore_regs_and_return_to_kernel"));
        a.jmp(SysretExit.IRET_LABEL, 5, "swapgs_restore_regs_and_return_to_usermode");
        a.phase("error_return.to_kernel", "restore_regs_and_return_to_kernel (not simulated)", PhaseKind.ASM, src,
                "Only a return to kernel mode comes here.", f);
        a.label(".Lrestore_regs_and_return_to_kernel");
        a.emit("popq %r15", 2, "", x -> x.fault(Outcome.Kind.NOT_SIMULATED,
                "the return to kernel mode is not simulated"));
    }
}
