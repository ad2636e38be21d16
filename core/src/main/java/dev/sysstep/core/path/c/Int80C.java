package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.entry.Int80Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * The C side of int $0x80 (kernel-other-entries.md §2.4): do_int80_emulation on 6.1.158 and 7.0,
 * do_int80_syscall_32 on 5.14, then the shared ia32 dispatch, and the return to the stub.
 */
public final class Int80C extends CPhases {
    private Int80C(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    public static void emit(Asm a, KernelConfig c) {
        List<String> frames = Int80Entry.cFrames(c.version());
        CallPath path = CallPath.ia32(c.version(), frames);
        new Int80C(a, c, path).emitAll(frames);
        Ia32Syscall.emit(a, c, path, frames);
        new Int80C(a, c, path).emitReturn(frames);
    }

    private SourceRef src(String symbol) {
        return Src.c(v, v.otherEntries().int80CFile(), symbol, v.otherEntries().int80CLines());
    }

    private static List<String> with(String inner, List<String> frames) {
        List<String> out = new ArrayList<>();
        out.add(inner);
        out.addAll(frames);
        return out;
    }

    private void emitAll(List<String> frames) {
        String fn = frames.get(0);
        a.label(Int80Entry.C_ENTRY);
        if (v.int80IsIdtentry()) {
            emitEmulation(frames, fn);
        } else {
            emitSyscall32(frames, fn);
        }
    }

    /** 6.1.158 and 7.0: do_int80_emulation (§2.4 steps 1-6). */
    private void emitEmulation(List<String> frames, String fn) {
        phase("c.do_int80_emulation", fn + "(regs): from user mode?", src(fn),
                "int $0x80 is only valid from user mode: a CS with RPL 0 would mean a device raised vector 0x80, and "
                + "the kernel panics (\"Unexpected external interrupt 0x80\"). enter_from_user_mode() tells context "
                + "tracking and lockdep the CPU left user mode; add_random_kstack_offset() may move the C stack. From "
                + "here compiled C runs: the scratch registers and RSP are shown as unknown.",
                frames, "if (unlikely(!user_mode(regs))) panic(...); enter_from_user_mode(regs); add_random_kstack_offset();",
                x -> {
                    long regs = x.get(Reg.RDI);
                    x.setLocal(Local.REGS, regs);
                    long cs = reg(x, PtRegs.CS);
                    x.check("do_int80_emulation.user_mode", (cs & 3) == 3, () -> "regs->cs = 0x" + Long.toHexString(cs)
                            + ", RPL " + (cs & 3), "panic");
                    for (Reg r : CLOBBERED) {
                        x.undefine(r, -1L);
                    }
                    x.undefine(Reg.RSP, -1L);
                    x.undefine(Reg.RFLAGS, RFlags.ARITH);
                });

        phase("c.int80_is_external", "int80_is_external: was it a device interrupt?", src("int80_is_external"),
                "Unless this is a Xen PV guest, the local APIC's in-service register is read: apic_read(APIC_ISR + "
                + "0x40), the word holding vectors 128-159, and bit 0 of it (vector 0x80) tested. A set bit would mean "
                + "a device raised vector 0x80, and the kernel panics. So every int $0x80 costs one APIC read: an MMIO "
                + "load at the APIC base + 0x140 with xAPIC, or RDMSR 0x814 with x2APIC. Which of the two the "
                + "observed QEMU machine uses is UNCONFIRMED, so the read is one C step here, not an instruction.",
                with("int80_is_external [inlined]", frames), "if (int80_is_external()) panic(\"Unexpected external interrupt 0x80\");",
                x -> x.check("int80_is_external", true, () -> "APIC ISR bit 0x80 is clear: the vector came from the "
                        + "int $0x80 instruction, not a device", "panic"));

        phase("c.int80_orig_ax", "orig_ax = the zero-extended number; ax = -ENOSYS", src(fn),
                "This C line replaces the old assembly's movl %eax,%eax: orig_ax gets only the low 32 bits of RAX, and "
                + "ax, which error_entry filled with the user's full RAX, becomes -ENOSYS until a handler returns.",
                frames, "regs->orig_ax = regs->ax & GENMASK(31, 0); regs->ax = -ENOSYS;", x -> {
                    long ax = reg(x, PtRegs.AX);
                    x.storeBytes(ptRegs + PtRegs.ORIG_AX, Bytes.le(ax & 0xFFFF_FFFFL, 8), "pt_regs->orig_ax");
                    x.storeBytes(ptRegs + PtRegs.AX, Bytes.le(-Errno.ENOSYS, 8), "pt_regs->ax");
                    x.note(() -> "orig_ax = 0x" + Long.toHexString(ax & 0xFFFF_FFFFL) + (ax != (ax & 0xFFFF_FFFFL)
                            ? " (RAX was 0x" + Long.toHexString(ax) + ": its upper half is dropped)" : ""));
                });
        syscall32Enter(frames, src("syscall_32_enter"));

        phase("c.int80_enter_work", "local_irq_enable(); syscall_enter_from_user_mode_work()", src(fn),
                "Interrupts go back on (IF = 1), then the entry work: ptrace, seccomp, tracepoints, audit. None is armed "
                + "for this process, so nr comes back unchanged.",
                frames, "local_irq_enable(); nr = syscall_enter_from_user_mode_work(regs, nr);", x -> {
                    x.setFlags(x.flags() | RFlags.IF, RFlags.IF);
                    long nr = x.local(Local.NR);
                    x.note(() -> "IF = 1; no SYSCALL_WORK_ENTER bit, nr = " + nr);
                });
    }

    /** 5.14: do_int80_syscall_32 (§2.9). */
    private void emitSyscall32(List<String> frames, String fn) {
        phase("c.do_int80_syscall_32", fn + "(regs): the C entry", src(fn),
                "entry_INT80_compat called C with pt_regs complete. No APIC check here: int80_is_external came with "
                + "the IDTENTRY rework. From here compiled C runs: the scratch registers and RSP are shown as unknown.",
                frames, "int nr = syscall_32_enter(regs); add_random_kstack_offset();", x -> {
                    x.setLocal(Local.REGS, x.get(Reg.RDI));
                    for (Reg r : CLOBBERED) {
                        x.undefine(r, -1L);
                    }
                    x.undefine(Reg.RSP, -1L);
                    x.undefine(Reg.RFLAGS, RFlags.ARITH);
                });
        syscall32Enter(frames, src("syscall_32_enter"));
        phase("c.syscall_enter_from_user_mode", "syscall_enter_from_user_mode: IRQs on, entry work",
                Src.c(v, v.sources().enterFromUserModeFile(), "syscall_enter_from_user_mode", ""),
                "enter_from_user_mode(), then local_irq_enable() sets IF, then the entry work (none is armed): nr comes "
                + "back unchanged.", with("syscall_enter_from_user_mode", frames),
                "nr = syscall_enter_from_user_mode(regs, nr);", x -> {
                    x.setFlags(x.flags() | RFlags.IF, RFlags.IF);
                    long nr = x.local(Local.NR);
                    x.note(() -> "IF = 1; nr = " + nr);
                });
    }

    private void emitReturn(List<String> frames) {
        phase("c.int80_return", "return to the stub", src(frames.get(0)),
                "The C function returns with IRQs off; RET pops the return address of the stub's call, and RSP is back "
                + "at pt_regs.", frames, "}", x -> {
                    x.set(Reg.RSP, ptRegs - 8);
                    x.pop();
                    x.jump(Int80Entry.AFTER_C);
                });
    }
}
