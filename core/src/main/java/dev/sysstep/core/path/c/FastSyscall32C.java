package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.entry.Compat32Entry;
import java.util.List;

/**
 * The C of the fast 32-bit entries (kernel-other-entries.md §3.5): do_SYSENTER_32 (SYSENTER only),
 * do_fast_syscall_32 with the landing pad, __do_fast_syscall_32 with the 6th argument read from the
 * user stack, the shared ia32 dispatch, and do_fast_syscall_32's SYSRETL test.
 */
public final class FastSyscall32C extends CPhases {
    private final boolean sysenter;
    private final long landingPad;

    private FastSyscall32C(Asm a, KernelConfig c, CallPath path, boolean sysenter, long landingPad) {
        super(a, c, path);
        this.sysenter = sysenter;
        this.landingPad = landingPad;
    }

    /** {@code landingPad}: the vDSO's int80_landing_pad in this process (vdso + sym_int80_landing_pad). */
    public static void emit(Asm a, KernelConfig c, boolean sysenter, long landingPad) {
        List<String> frames = Compat32Entry.cFrames(sysenter);
        CallPath path = CallPath.ia32(c.version(), frames);
        FastSyscall32C f = new FastSyscall32C(a, c, path, sysenter, landingPad);
        f.emitEntry(frames);
        Ia32Syscall.emit(a, c, path, frames);
        f.emitReturn(frames.subList(1, frames.size()));
    }

    private SourceRef src(String symbol) {
        return Src.c(v, v.otherEntries().fast32CFile(), symbol, v.otherEntries().fast32CLines());
    }

    private void emitEntry(List<String> frames) {
        List<String> fast = frames.subList(1, frames.size());
        if (sysenter) {
            List<String> se = fast.subList(1, fast.size());
            phase(Compat32Entry.DO_SYSENTER_32, "do_SYSENTER_32: the user stack pointer and IF", src("do_SYSENTER_32"),
                    "SYSENTER lost RSP, but the vDSO copied it into EBP: pt_regs->sp = pt_regs->bp. SYSENTER also cleared "
                    + "IF, which was surely set in user mode: pt_regs->flags |= X86_EFLAGS_IF. From here compiled C "
                    + "runs: the scratch registers and RSP are shown as unknown.",
                    se, "regs->sp = regs->bp; regs->flags |= X86_EFLAGS_IF; return do_fast_syscall_32(regs);", x -> {
                        x.setLocal(Local.REGS, x.get(Reg.RDI));
                        long bp = reg(x, PtRegs.BP);
                        x.storeBytes(ptRegs + PtRegs.SP, Bytes.le(bp, 8), "pt_regs->sp");
                        long flags = reg(x, PtRegs.FLAGS) | RFlags.IF;
                        x.storeBytes(ptRegs + PtRegs.FLAGS, Bytes.le(flags, 8), "pt_regs->flags");
                        cClobbers(x);
                        x.note(() -> String.format("pt_regs->sp = 0x%x (from bp), pt_regs->flags = 0x%x", bp, flags));
                    });
        }
        phase(Compat32Entry.DO_FAST_SYSCALL_32, "do_fast_syscall_32: return to the landing pad", src("do_fast_syscall_32"),
                "Both fast entries lose the return address (SYSENTER saves none; SYSCALL's RCX points into the vDSO just "
                + "after it), so the kernel sets pt_regs->ip to the vDSO's int80_landing_pad: landing_pad = "
                + "mm->context.vdso + vdso_image_32.sym_int80_landing_pad. A restart then subtracts 2 and lands on the "
                + "vDSO's int $0x80." + (sysenter ? "" : " From here compiled C runs: the scratch registers and RSP are "
                + "shown as unknown."),
                fast, "unsigned long landing_pad = (unsigned long)current->mm->context.vdso + "
                        + "vdso_image_32.sym_int80_landing_pad; regs->ip = landing_pad;", x -> {
                    if (!sysenter) {
                        x.setLocal(Local.REGS, x.get(Reg.RDI));
                        cClobbers(x);
                    }
                    x.setLocal(Local.LANDING_PAD, landingPad);
                    x.storeBytes(ptRegs + PtRegs.IP, Bytes.le(landingPad, 8), "pt_regs->ip");
                    x.note(() -> String.format("pt_regs->ip = 0x%x, the landing pad (illustrative vDSO address)", landingPad));
                });
        syscall32Enter(frames, src("syscall_32_enter"));
        phase("c.fast32_enter", "enter_from_user_mode; IRQs on", src("__do_fast_syscall_32"),
                "add_random_kstack_offset(), then " + (v.fastSyscall32ReturnsBool()
                        ? "enter_from_user_mode() and local_irq_enable()"
                        : "syscall_enter_from_user_mode_prepare(): enter_from_user_mode() and local_irq_enable()")
                + ". The 6th argument must be fetched from the user stack with interrupts on, since the read may fault.",
                frames, "add_random_kstack_offset(); syscall_enter_from_user_mode_prepare(regs);", x -> {
                    x.setFlags(x.flags() | RFlags.IF, RFlags.IF);
                    x.note("IF = 1");
                });
        phase("c.fast32_arg6", "The 6th argument from the user stack", src("__do_fast_syscall_32"),
                "The fast entries have no register for arg 6: the vDSO pushed the caller's EBP, and it sits at the "
                + "user stack pointer. __get_user reads 4 bytes at (u32)regs->sp into the low half of regs->bp (stac "
                + "and clac are NOPs without SMAP). If the read faults, the call never runs: ax = -EFAULT and the "
                + "return goes through IRET.",
                frames, "res = __get_user(*(u32 *)&regs->bp, (u32 __user __force *)(unsigned long)(u32)regs->sp);", x -> {
                    long sp = reg(x, PtRegs.SP) & 0xFFFF_FFFFL;
                    boolean ok = x.memory().isMapped(sp, 4) && x.memory().regionAt(sp).map(r -> r.user()).orElse(false);
                    x.check("__do_fast_syscall_32.get_user", ok, () -> String.format("4 bytes at 0x%x %s", sp,
                            ok ? "are mapped" : "are not mapped: the read faults"), "-EFAULT, IRET");
                    if (!ok) {
                        x.jump("c.fast32_arg6_fault");
                        return;
                    }
                    long arg6 = x.memory().readLong(sp, 4);
                    long bp = (reg(x, PtRegs.BP) & ~0xFFFF_FFFFL) | arg6;
                    x.storeBytes(ptRegs + PtRegs.BP, Bytes.le(bp, 8), "pt_regs->bp");
                    x.note(() -> String.format("arg6 = 0x%x, read from 0x%x", arg6, sp));
                });
        phase("c.fast32_enter_work", "syscall_enter_from_user_mode_work()", src("__do_fast_syscall_32"),
                "The entry work (ptrace, seccomp, audit): none is armed, so nr comes back unchanged.",
                frames, "nr = syscall_enter_from_user_mode_work(regs, nr);", x -> x.jump("c.do_syscall_32_irqs_on"));
        phase("c.fast32_arg6_fault", "The read faulted: -EFAULT without a call", src("__do_fast_syscall_32"),
                "The syscall never runs and no tracer sees an entry: ax = -EFAULT, IRQs off, the exit work, and "
                + "__do_fast_syscall_32 returns false, so do_fast_syscall_32 returns 0: IRET.",
                frames, "regs->ax = -EFAULT; local_irq_disable(); irqentry_exit_to_user_mode(regs); return false;", x -> {
                    x.storeBytes(ptRegs + PtRegs.AX, Bytes.le(-Errno.EFAULT, 8), "pt_regs->ax");
                    x.setLocal(Local.RET, -(long) Errno.EFAULT);
                    x.setFlags(x.flags() & ~RFlags.IF, RFlags.IF);
                    x.setLocal(Local.SYSRETL_ALLOWED, false);
                    x.setLocal(Local.TS_COMPAT, false);
                    x.jump("c.fast32_return");
                });
    }

    private void cClobbers(dev.sysstep.core.code.Exec x) {
        for (Reg r : CLOBBERED) {
            x.undefine(r, -1L);
        }
        x.undefine(Reg.RSP, -1L);
        x.undefine(Reg.RFLAGS, RFlags.ARITH);
    }

    private void emitReturn(List<String> fast) {
        boolean vm = v.fastSyscall32ChecksVm();
        phase("c.fast32_return", "do_fast_syscall_32: may SYSRETL be used?", src("do_fast_syscall_32"),
                "Opportunistic SYSRETL: only if the frame is still exactly what SYSRETL will produce: CS 0x23, SS 0x2b, "
                + "ip the landing pad (a signal, ptrace or execve would have changed it) and neither RF nor TF"
                + (vm ? " nor VM" : "") + " in the flags (SYSRETL cannot restore RF, and TF would trap at once). A 64-bit "
                + "kernel never uses SYSEXIT: SYSRETL exists on every 64-bit CPU. "
                + (v.fastSyscall32ReturnsBool() ? "The answer is a bool in AL." : "The answer is a long in RAX: 1 or 0."),
                fast, "return regs->cs == __USER32_CS && regs->ss == __USER_DS && regs->ip == landing_pad && "
                        + "(regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF" + (vm ? " | X86_EFLAGS_VM" : "") + ")) == 0;", x -> {
                    boolean ran = x.locals().get(Local.SYSRETL_ALLOWED).isEmpty();
                    boolean allowed = false;
                    if (ran) {
                        long cs = reg(x, PtRegs.CS);
                        long ss = reg(x, PtRegs.SS);
                        long ip = reg(x, PtRegs.IP);
                        long flags = reg(x, PtRegs.FLAGS);
                        long bad = RFlags.RF | RFlags.TF | (vm ? RFlags.VM : 0);
                        boolean csOk = cs == Selectors.USER32_CS;
                        boolean ssOk = ss == Selectors.USER_DS;
                        boolean ipOk = ip == landingPad;
                        boolean flagsOk = (flags & bad) == 0;
                        x.check("do_fast_syscall_32.cs", csOk, () -> "regs->cs = 0x" + Long.toHexString(cs), "IRET");
                        x.check("do_fast_syscall_32.ss", ssOk, () -> "regs->ss = 0x" + Long.toHexString(ss), "IRET");
                        x.check("do_fast_syscall_32.ip", ipOk, () -> String.format("regs->ip = 0x%x, landing pad 0x%x", ip,
                                landingPad), "IRET");
                        x.check("do_fast_syscall_32.flags", flagsOk, () -> String.format("regs->flags = 0x%x", flags), "IRET");
                        allowed = csOk && ssOk && ipOk && flagsOk;
                        x.setLocal(Local.SYSRETL_ALLOWED, allowed);
                    }
                    x.set(Reg.RSP, ptRegs - 8);
                    x.pop();
                    if (v.fastSyscall32ReturnsBool()) {
                        x.setPartly(Reg.RAX, allowed ? 1 : 0, ~0xFFL);
                    } else {
                        x.set(Reg.RAX, allowed ? 1 : 0);
                    }
                    x.jump(Compat32Entry.AFTER_C);
                });
    }
}
