package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Stage;
import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.entry.PageFaultEntry;
import java.util.List;

/**
 * The C side of a call into the vsyscall page (kernel-other-entries.md §6): exc_page_fault reads
 * CR2, do_user_addr_fault sees a vsyscall address, and emulate_vsyscall does what the page's code
 * would have done: the checks, seccomp with the real syscall number, the handler called directly,
 * and an emulated RET.
 */
public final class PageFaultC extends CPhases {
    /** VSYSCALL_ADDR (arch/x86/include/uapi/asm/vsyscall.h: -10UL << 20). */
    public static final long VSYSCALL_ADDR = -10L << 20;
    /** The page-fault error code bits (asm/trap_pf.h). */
    static final long PF_WRITE = 1 << 1;
    static final long PF_USER = 1 << 2;
    static final long PF_INSTR = 1 << 4;
    /** The syscalls the three entries stand for: gettimeofday, time, getcpu. */
    private static final long[] NR = {96, 201, 309};
    private static final String[] NAME = {"gettimeofday", "time", "getcpu"};
    private static final String AFTER = "c.emulate_vsyscall.ret";
    private static final List<String> BELOW = List.of("exc_page_fault", "asm_exc_page_fault");

    private PageFaultC(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    public static void emit(Asm a, KernelConfig c) {
        CallPath path = CallPath.vsyscall(AFTER);
        PageFaultC p = new PageFaultC(a, c, path);
        p.emitFault();
        a.stage(Stage.HANDLER);
        TimeHandlers.emit(a, c, path);
        a.stageByKind();
        p.emitRet();
    }

    private SourceRef fault(String symbol) {
        return Src.c(v, "arch/x86/mm/fault.c", symbol, "");
    }

    private SourceRef vsyscall(String line) {
        return Src.c(v, "arch/x86/entry/vsyscall/vsyscall_64.c", "emulate_vsyscall", line);
    }

    private static List<String> chain(String... inner) {
        List<String> out = new java.util.ArrayList<>(List.of(inner));
        out.addAll(BELOW);
        return out;
    }

    private static void segv(Exec x, String why) {
        x.end(Outcome.Kind.NOT_SIMULATED, why + ": force_sig(SIGSEGV); signal delivery is not simulated");
    }

    private void emitFault() {
        phase("c.exc_page_fault", "exc_page_fault: the faulting address from CR2", fault("exc_page_fault"),
                "read_cr2() gives the linear address the CPU could not reach, 0xffffffffff600000 here; the error code "
                + "0x14 says a user-mode instruction fetch with no translation (USER | INSTR; derived: no PTE, so the "
                + "present bit is clear). irqentry_enter() records the entry from user mode. From here compiled C runs: "
                + "the scratch registers and RSP are shown as unknown.",
                chain(), "address = read_cr2(); state = irqentry_enter(regs); handle_page_fault(regs, error_code, address);",
                x -> {
                    long address = x.get(Reg.CR2);
                    long error = x.get(Reg.RSI);
                    x.setLocal(Local.REGS, x.get(Reg.RDI));
                    x.setLocal(Local.FAULT_ADDRESS, address);
                    x.setLocal(Local.ERROR_CODE, error);
                    for (Reg r : CLOBBERED) {
                        x.undefine(r, -1L);
                    }
                    x.undefine(Reg.RSP, -1L);
                    x.undefine(Reg.RFLAGS, RFlags.ARITH);
                    x.note(() -> String.format("address = 0x%x, error_code = 0x%x", address, error));
                });
        phase("c.handle_page_fault", "handle_page_fault: a user address?", fault("handle_page_fault"),
                "fault_in_kernel_space() says no for the vsyscall page although it is above TASK_SIZE_MAX: it is part "
                + "of every 64-bit process's address space, so the fault goes to do_user_addr_fault.",
                chain("handle_page_fault [inlined]"), "if (unlikely(fault_in_kernel_space(address))) ... else "
                        + "do_user_addr_fault(regs, error_code, address);", x -> {
                    long address = x.local(Local.FAULT_ADDRESS);
                    boolean vsys = (address & ~0xFFFL) == VSYSCALL_ADDR;
                    x.check("fault_in_kernel_space", vsys, () -> String.format("0x%x %s", address, vsys
                            ? "is the vsyscall page: a user fault" : "is not the vsyscall page"), "do_kern_addr_fault");
                    if (!vsys) {
                        x.end(Outcome.Kind.NOT_SIMULATED, "only faults on the vsyscall page are simulated");
                    }
                });
        phase("c.do_user_addr_fault", "do_user_addr_fault: IRQs on; a vsyscall address", fault("do_user_addr_fault"),
                "From user mode interrupts go back on. Before any VMA lookup, is_vsyscall_vaddr() catches the "
                + "vsyscall page and hands it to emulate_vsyscall; if that returns true the fault is handled.",
                chain("do_user_addr_fault", "handle_page_fault [inlined]"),
                "if (user_mode(regs)) local_irq_enable(); ... if (is_vsyscall_vaddr(address)) { if (emulate_vsyscall(error_code, "
                        + "regs, address)) return; }", x -> {
                    x.setFlags(x.flags() | RFlags.IF, RFlags.IF);
                    x.note("IF = 1");
                });
        List<String> ev = chain("emulate_vsyscall", "do_user_addr_fault", "handle_page_fault [inlined]");
        phase("c.emulate_vsyscall", "emulate_vsyscall: a user instruction fetch of an entry point?", vsyscall("115"),
                "The default mode is XONLY (the Kconfig default LEGACY_VSYSCALL_XONLY; Debian's choice is UNCONFIRMED): "
                + "the page has no PTE at all, so every call faults and is emulated here. A write or kernel-mode fault "
                + "is never fixed up; a read (no INSTR bit) is denied and gets SIGSEGV"
                + (v.vsyscallJudgesFetchByIp() ? "; " + v.label() + " judges a read by address != regs->ip instead of "
                + "the INSTR bit, which it only warns about" : "") + ". The entry is (address & 0xC00) >> 10: "
                + "0 gettimeofday, 1 time, 2 getcpu; anything else is a misaligned call, SIGSEGV. The r-xp "
                + "page full of code that older write-ups show belongs to older kernels.",
                ev, "if ((error_code & (X86_PF_WRITE | X86_PF_USER)) != X86_PF_USER) return false; ... vsyscall_nr = "
                        + "addr_to_vsyscall_nr(address);", x -> {
                    long error = x.local(Local.ERROR_CODE);
                    long address = x.local(Local.FAULT_ADDRESS);
                    boolean user = (error & (PF_WRITE | PF_USER)) == PF_USER;
                    boolean fetch = (error & PF_INSTR) != 0;
                    x.check("emulate_vsyscall.user_not_write", user, () -> String.format("error_code 0x%x", error),
                            "not fixed up");
                    x.check("emulate_vsyscall.instruction_fetch", fetch, () -> fetch ? "X86_PF_INSTR: a call, not a read"
                            : "a data read of the page", "SIGSEGV");
                    if (!user || !fetch) {
                        segv(x, "vsyscall read attempt denied");
                        return;
                    }
                    long nr = (address & 0xC00) >> 10;
                    boolean aligned = (address & ~0xC00L) == VSYSCALL_ADDR && nr < 3;
                    x.check("emulate_vsyscall.entry_point", aligned, () -> String.format("0x%x -> vsyscall_nr %d", address,
                            aligned ? nr : -1), "SIGSEGV");
                    if (!aligned) {
                        segv(x, "misaligned vsyscall");
                        return;
                    }
                    x.setLocal(Local.UNR, nr);
                    x.note(() -> "vsyscall_nr = " + nr + ": " + NAME[(int) nr]);
                });
        phase("c.emulate_vsyscall.caller", "The caller: get_user(caller, regs->sp)", vsyscall(""),
                "The page's code would have ended with RET, so the emulation needs the return address the program's "
                + "CALL pushed: it is read from the user stack at pt_regs->sp. A bad stack is SIGSEGV.",
                ev, "if (get_user(caller, (unsigned long __user *)regs->sp) != 0) goto sigsegv;", x -> {
                    long sp = reg(x, PtRegs.SP);
                    boolean ok = x.memory().isMapped(sp, 8) && x.memory().regionAt(sp).map(r -> r.user()).orElse(false);
                    x.check("emulate_vsyscall.get_user", ok, () -> String.format("0x%x %s", sp, ok ? "is readable"
                            : "is not a mapped user address"), "SIGSEGV");
                    if (!ok) {
                        segv(x, "vsyscall with bad stack");
                        return;
                    }
                    long caller = x.memory().read64(sp);
                    x.setLocal(Local.VSYSCALL_CALLER, caller);
                    x.note(() -> String.format("caller = 0x%x", caller));
                });
        phase("c.emulate_vsyscall.write_ok", "write_ok_or_segv: the output pointers", vsyscall(""),
                "Every pointer the entry will write through must pass access_ok (NULL does, and means \"don't write\"). "
                + "A failure is SIGSEGV.", ev, "write_ok_or_segv(regs->di, ...) && write_ok_or_segv(regs->si, ...)", x -> {
                    int nr = x.local(Local.UNR).intValue();
                    long[] ptrs = nr == 1 ? new long[] {reg(x, PtRegs.DI)} : new long[] {reg(x, PtRegs.DI), reg(x, PtRegs.SI)};
                    for (long p : ptrs) {
                        boolean ok = Long.compareUnsigned(p, c.taskSizeMax()) < 0;
                        x.check("write_ok_or_segv", ok, () -> String.format("0x%x %s", p, ok ? "passes access_ok"
                                : "fails access_ok"), "SIGSEGV");
                        if (!ok) {
                            segv(x, "a vsyscall output pointer fails access_ok");
                            return;
                        }
                    }
                });
        phase("c.emulate_vsyscall.seccomp", "seccomp sees the real syscall number", vsyscall(""),
                "So that seccomp filters see a normal syscall, orig_ax becomes 96, 201 or 309 and ax -ENOSYS while "
                + "secure_computing() runs. No filter is installed, so it allows the call; orig_ax goes back to -1. A "
                + "filter that changed the number or ip would get SIGSYS.",
                ev, "regs->orig_ax = syscall_nr; regs->ax = -ENOSYS; tmp = secure_computing(); regs->orig_ax = -1;", x -> {
                    int nr = x.local(Local.UNR).intValue();
                    x.storeBytes(ptRegs + PtRegs.ORIG_AX, Bytes.le(NR[nr], 8), "pt_regs->orig_ax");
                    x.storeBytes(ptRegs + PtRegs.AX, Bytes.le(-Errno.ENOSYS, 8), "pt_regs->ax");
                    x.note(() -> "secure_computing(): orig_ax = " + NR[nr] + " (" + NAME[nr] + "); no filter, allowed");
                    x.storeBytes(ptRegs + PtRegs.ORIG_AX, Bytes.le(-1L, 8), "pt_regs->orig_ax");
                });
        phase("c.emulate_vsyscall.call", "Call the handler directly", vsyscall(""),
                "Not through entry_SYSCALL_64 or the syscall table: emulate_vsyscall calls __x64_sys_gettimeofday, "
                + "__x64_sys_time or __x64_sys_getcpu with the faulting pt_regs, whose di, si and dx are the program's "
                + "arguments. For getcpu it sets regs->dx to 0 around the call (the unused cache argument).",
                ev, "switch (vsyscall_nr) { case 0: ret = __x64_sys_gettimeofday(regs); ... }", x -> {
                    int nr = x.local(Local.UNR).intValue();
                    if (nr == 2) {
                        x.setLocal(Local.COUNT, reg(x, PtRegs.DX));
                        x.storeBytes(ptRegs + PtRegs.DX, Bytes.le(0, 8), "pt_regs->dx");
                    }
                    x.jump("c." + path.stub(NAME[nr]));
                });
    }

    private void emitRet() {
        List<String> ev = chain("emulate_vsyscall", "do_user_addr_fault", "handle_page_fault [inlined]");
        phase(AFTER, "An emulated RET: ip = caller, sp += 8", vsyscall(""),
                "-EFAULT means the program passed a bad pointer: SIGSEGV. Otherwise the result goes to pt_regs->ax, and "
                + "pt_regs->ip and sp are changed as the page's RET would have changed them. Only RAX, RIP and RSP will "
                + "differ when IRET returns.",
                ev, "if (ret == -EFAULT) goto sigsegv; regs->ax = ret; regs->ip = caller; regs->sp += 8; return true;", x -> {
                    int nr = x.local(Local.UNR).intValue();
                    if (nr == 2) {
                        x.storeBytes(ptRegs + PtRegs.DX, Bytes.le(x.local(Local.COUNT), 8), "pt_regs->dx");
                    }
                    long ret = x.local(Local.RET);
                    if (ret == -Errno.EFAULT) {
                        segv(x, "vsyscall fault");
                        return;
                    }
                    long caller = x.local(Local.VSYSCALL_CALLER);
                    long sp = reg(x, PtRegs.SP) + 8;
                    x.storeBytes(ptRegs + PtRegs.AX, Bytes.le(ret, 8), "pt_regs->ax");
                    x.storeBytes(ptRegs + PtRegs.IP, Bytes.le(caller, 8), "pt_regs->ip");
                    x.storeBytes(ptRegs + PtRegs.SP, Bytes.le(sp, 8), "pt_regs->sp");
                    x.note(() -> String.format("ax = %d, ip = 0x%x, sp = 0x%x", ret, caller, sp));
                });
        phase("c.exc_page_fault.exit", "irqentry_exit: exit work, IRQs off", fault("exc_page_fault"),
                "emulate_vsyscall returned true, so do_user_addr_fault returns; exc_page_fault ends with "
                + "irqentry_exit(), which for a return to user mode runs the exit work and disables interrupts. RET "
                + "goes back to the stub.", chain(), "irqentry_exit(regs, state); }", x -> {
                    x.setFlags(x.flags() & ~RFlags.IF, RFlags.IF);
                    x.set(Reg.RSP, ptRegs - 8);
                    x.pop();
                    x.jump(PageFaultEntry.AFTER_C);
                });
    }
}
