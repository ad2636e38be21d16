package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Hardware;
import dev.sysstep.core.code.Interrupts;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Alu;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.entry.Int80Entry;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.I386Layout;
import dev.sysstep.core.user.UserProgram;
import java.util.List;

/**
 * A 32-bit process (kernel-other-entries.md §3.2): its register loads, the instruction that enters
 * the kernel (glibc's {@code call *%gs:0x10} into __kernel_vsyscall, or {@code int $0x80}, or a raw
 * {@code syscall}), the vDSO's __kernel_vsyscall with its landing pad, and the instruction after.
 * It runs in compatibility mode (CS 0x23): pushes and pops are 4 bytes, addresses 32 bits.
 */
public final class Program32 {
    private static final List<String> MAIN = List.of("main");
    private static final List<String> VSYSCALL_FRAMES = List.of("__kernel_vsyscall", "main");
    private static final SourceRef PROGRAM = new SourceRef("user program (i386, non-PIE; illustrative addresses)", "main",
            "", "");
    private static final String SYSTEM_CALL_S = "arch/x86/entry/vdso/vdso32/system_call.S";

    private Program32() {
    }

    /** Where the program's call into the kernel (or the vDSO) starts: after the register loads. */
    public static long entryInsn(UserProgram p) {
        long at = I386Layout.TEXT;
        for (UserProgram.Load l : p.prelude()) {
            at += l.length();
        }
        return at;
    }

    private static int entryLength(Entry e) {
        return e == Entry.IA32_VSYSCALL ? 7 : 2;
    }

    /** The instruction after the call: where __kernel_vsyscall's RET, IRET or SYSRETL come back to. */
    public static long after(UserProgram p) {
        return entryInsn(p) + entryLength(p.entry());
    }

    /** __kernel_vsyscall's int80_landing_pad: after the pushes, the fast entry pair and the int $0x80 (7.0 starts with a 3-byte NOP). */
    public static long landingPad(KernelVersion v) {
        return I386Layout.KERNEL_VSYSCALL + (v.vdso32StartsWithInt80Alternative() ? 3 : 0) + 3 + 4 + 2;
    }

    /**
     * The program's code and __kernel_vsyscall. {@code int80Kernel}: whether this build has the int
     * $0x80 entry (the vDSO's int $0x80 is reached only by a restarted call otherwise); {@code
     * fastKernel}: whether it has the SYSENTER or compat SYSCALL entry this CPU takes.
     */
    public static void emit(Asm a, KernelConfig c, UserProgram p, boolean int80Kernel, boolean fastKernel) {
        KernelVersion v = c.version();
        a.org(I386Layout.TEXT);
        UserInsns.prelude(a, p.prelude(), "Load the i386 number and its arguments (32-bit code)",
                "A 32-bit process runs in compatibility mode (CS 0x23): the number goes in EAX, the arguments in EBX, "
                + "ECX, EDX, ESI, EDI and EBP. Its code, stack and vDSO sit below 4 GiB; their addresses here are "
                + "illustrative, since no 32-bit process was observed.", MAIN, PROGRAM);
        long next = after(p);
        switch (p.entry()) {
            case IA32_VSYSCALL -> {
                a.phase("user.call_kernel_vsyscall", "call *%gs:0x10: into the vDSO", PhaseKind.USER,
                        Src.c(v, "sysdeps/unix/sysv/linux/i386/sysdep.h (glibc 2.36)", "ENTER_KERNEL", ""),
                        "glibc's i386 ENTER_KERNEL is call *%gs:SYSINFO_OFFSET: GS points at the thread's tcbhead_t, whose "
                        + "sysinfo field (offset 0x10) holds AT_SYSINFO, the address of the vDSO's __kernel_vsyscall. "
                        + "The vDSO then picks the fastest way in this CPU offers.", MAIN);
                a.emit("call *%gs:0x10", 7, "tcbhead_t.sysinfo = __kernel_vsyscall", x -> {
                    Capture.ia32(x);
                    long target = x.load(x.get(Reg.GS_BASE) + I386Layout.SYSINFO_OFFSET, 4);
                    x.pushReturnAddress32(next, "return address (__kernel_vsyscall returns here)");
                    x.set(Reg.RIP, target);
                    x.transfer(target);
                });
            }
            case IA32_INT80 -> {
                UserInsns.int80Phase(a, MAIN);
                UserInsns.int80(a, next, v.otherEntries().int80(), v.release());
            }
            default -> {
                a.phase("user.syscall32", "syscall from compatibility mode", PhaseKind.HARDWARE, Src.sdm("SYSCALL"),
                        "A 32-bit process executing syscall itself. Intel CPUs support SYSCALL only in 64-bit mode "
                        + "(CS.L = 1): here it is #UD, and Linux sends SIGILL. AMD CPUs enter through IA32_CSTAR, "
                        + "entry_SYSCALL_compat, which expects the vDSO's convention: the second argument in EBP (SYSCALL "
                        + "overwrites ECX) and a return to the vDSO's landing pad, not to the instruction after this one.",
                        MAIN);
                boolean amdCpu = c.vendor() == dev.sysstep.core.cpu.Vendor.AMD;
                a.emit("syscall", 2, "", x -> {
                    if (amdCpu && !fastKernel) {
                        notSimulated(x, v, "compat SYSCALL");
                    }
                    Capture.ia32(x);
                    Hardware.syscall(x, next);
                });
            }
        }
        emitVsyscall(a, c, int80Kernel, fastKernel);
    }

    /** The instruction after the call, emitted last: the run ends when it has executed. */
    public static void emitNext(Asm a, UserProgram p) {
        a.org(after(p));
        a.phase("user.next", "test %eax, %eax: the program takes the result", PhaseKind.USER, PROGRAM,
                "Back in the program, in compatibility mode. EAX is the result; what else the kernel and the vDSO left "
                + "in the registers is visible before this instruction, which changes only the flags.", MAIN);
        a.emit("test %eax, %eax", 2, "is the result an error?",
                x -> x.setFlags(Alu.logic(x.flags(), x.get(Reg.RAX) & 0xFFFF_FFFFL, 32), RFlags.ARITH));
    }

    /** The 32-bit vDSO's __kernel_vsyscall (system_call.S:42-81), as patched for this CPU. */
    private static void notSimulated(dev.sysstep.core.code.Exec x, KernelVersion v, String what) {
        x.fault(Outcome.Kind.NOT_SIMULATED, what + " on " + v.release() + " is not simulated: this release's 32-bit entry "
                + "was not checked, and another release's code is not shown in its place");
    }

    private static void emitVsyscall(Asm a, KernelConfig c, boolean int80Kernel, boolean fastKernel) {
        KernelVersion v = c.version();
        boolean amd = c.vendor() == dev.sysstep.core.cpu.Vendor.AMD;
        SourceRef src = Src.c(v, SYSTEM_CALL_S, "__kernel_vsyscall", "42-81");
        a.org(I386Layout.KERNEL_VSYSCALL);
        a.label("__kernel_vsyscall");
        a.phase("vdso32.kernel_vsyscall", "__kernel_vsyscall: save ECX, EDX, EBP", PhaseKind.USER, src,
                "The vDSO saves the three registers the fast entries clobber. Its address and its offset in the vDSO "
                + "are illustrative (Debian's build was not read)."
                + (v.vdso32StartsWithInt80Alternative() ? " " + v.label() + " starts with ALTERNATIVE \"int $0x80; ret\", "
                + "\"\", X86_FEATURE_SYSFAST32: where SYSENTER or SYSCALL is usable it is a 3-byte NOP." : ""),
                VSYSCALL_FRAMES);
        if (v.vdso32StartsWithInt80Alternative()) {
            a.nop(3, "ALTERNATIVE \"int $0x80; ret\": X86_FEATURE_SYSFAST32 set");
        }
        push32(a, Reg.RCX, "saved ECX");
        push32(a, Reg.RDX, "saved EDX");
        push32(a, Reg.RBP, "saved EBP (the 6th argument, read by the kernel from here)");
        a.phase(amd ? "vdso32.syscall" : "vdso32.sysenter", amd ? "movl %ecx,%ebp; syscall: into the kernel (AMD)"
                        : "movl %esp,%ebp; sysenter: into the kernel", PhaseKind.HARDWARE, Src.sdm(amd ? "SYSCALL" : "SYSENTER"),
                amd ? "On AMD the vDSO is patched to SYSCALL_SEQUENCE (X86_FEATURE_SYSCALL32): SYSCALL overwrites ECX with "
                        + "the return address, so the second argument moves to EBP first. From compatibility mode the CPU "
                        + "goes to IA32_CSTAR, entry_SYSCALL_compat; RCX and R11 get the return EIP and EFLAGS as in 64-bit "
                        + "mode."
                        : "On Intel the vDSO is patched to SYSENTER_SEQUENCE (X86_FEATURE_SYSENTER32 is set on 64-bit "
                        + "kernels). SYSENTER saves nothing: no return address, stack or flags. It loads RSP from "
                        + "IA32_SYSENTER_ESP (the entry stack), RIP from IA32_SYSENTER_EIP, CS from IA32_SYSENTER_CS with "
                        + "a flat 64-bit descriptor and SS = CS + 8, sets CPL 0 and clears IF and VM. So the vDSO first "
                        + "copies ESP into EBP, where the kernel finds the user stack (and 0(%ebp), the 6th argument). "
                        + "Lectures often say SYSENTER exists only in 32-bit Linux: 32-bit processes on a 64-bit kernel use it on "
                        + "Intel.",
                VSYSCALL_FRAMES);
        if (amd) {
            a.emit("movl %ecx, %ebp", 2, "SYSCALL_SEQUENCE: arg 2 to EBP", x -> x.set(Reg.RBP, x.get(Reg.RCX) & 0xFFFF_FFFFL));
            long next = a.pc() + 2;
            a.emit("syscall", 2, "", x -> {
                if (!fastKernel) {
                    notSimulated(x, v, "compat SYSCALL");
                }
                Hardware.syscall(x, next);
            });
        } else {
            a.emit("movl %esp, %ebp", 2, "SYSENTER_SEQUENCE: the user stack to EBP",
                    x -> x.set(Reg.RBP, x.get(Reg.RSP) & 0xFFFF_FFFFL));
            a.emit("sysenter", 2, "", x -> {
                if (!fastKernel) {
                    notSimulated(x, v, "SYSENTER");
                }
                Hardware.sysenter(x);
            });
        }
        a.phase("vdso32.int80", "int $0x80: only for a restarted call", PhaseKind.USER, src,
                "Reached only when the kernel restarts an interrupted call: it sets the return address 2 bytes back, "
                + "onto this int $0x80, which makes the call again the slow way.", VSYSCALL_FRAMES);
        long afterInt80 = a.pc() + 2;
        a.emit("int $0x80", 2, "", x -> {
            if (!int80Kernel) {
                x.fault(Outcome.Kind.NOT_SIMULATED, "this run simulates the fast entry; a restarted call through the "
                        + "vDSO's int $0x80 is not simulated here (program ia32 int80 shows int $0x80)");
            }
            Capture.ia32(x);
            Interrupts.int80(x, afterInt80, Int80Entry.GATE_TARGET);
        });
        a.label("int80_landing_pad");
        a.phase("vdso32.landing_pad", "int80_landing_pad: restore EBP, EDX, ECX and return", PhaseKind.USER, src,
                "Every fast return lands here: do_fast_syscall_32 set pt_regs->ip to this address, and SYSRETL (ECX) or "
                + "IRET returns to it. The pops undo the three pushes, so EBP, EDX and ECX are the caller's again (ECX "
                + "held the landing pad after SYSRETL), and RET goes back to the program.", VSYSCALL_FRAMES);
        pop32(a, Reg.RBP);
        pop32(a, Reg.RDX);
        pop32(a, Reg.RCX);
        a.emit("ret", 1, "", x -> {
            long to = x.pop32();
            x.set(Reg.RIP, to);
            x.transfer(to);
        });
    }

    private static String e32(Reg r) {
        return "%e" + r.label().substring(1);
    }

    private static void push32(Asm a, Reg r, String label) {
        a.emit("push " + e32(r), 1, "", x -> x.push32(x.get(r), label));
    }

    private static void pop32(Asm a, Reg r) {
        a.emit("pop " + e32(r), 1, "", x -> x.set(r, x.pop32()));
    }

    /** The process: its mappings, TLS with AT_SYSINFO, the code bytes, and its registers in compatibility mode. */
    public static void setUp(Setup s, KernelConfig c, UserProgram p) {
        s.userRegion(new Region("i386 text", I386Layout.TEXT, I386Layout.TEXT + Limits.PAGE_SIZE, true, false, false));
        long rodataEnd = I386Layout.RODATA + Limits.PAGE_SIZE;
        if (p.hasMessage()) {
            long end = I386Layout.MSG + p.message().length;
            rodataEnd = Math.max(rodataEnd, (end + Limits.PAGE_SIZE - 1) & -Limits.PAGE_SIZE);
            s.init(I386Layout.MSG, p.message(), "msg");
            s.symbol(I386Layout.MSG, Math.max(1, p.message().length), "msg");
        }
        s.userRegion(new Region("i386 .rodata", I386Layout.RODATA, rodataEnd, true, false, false));
        s.userRegion(new Region("i386 TLS (tcbhead_t)", I386Layout.TLS, I386Layout.TLS + Limits.PAGE_SIZE, true, true, false));
        s.userRegion(new Region("i386 stack", I386Layout.STACK_START, I386Layout.STACK_END, true, true, false));
        s.userRegion(new Region("i386 [vdso]", I386Layout.VDSO, I386Layout.VDSO + 2 * Limits.PAGE_SIZE, true, false, false));
        s.init(I386Layout.TLS + I386Layout.SYSINFO_OFFSET, Bytes.le(I386Layout.KERNEL_VSYSCALL, 4), "tcbhead_t.sysinfo");
        s.symbol(I386Layout.TLS + I386Layout.SYSINFO_OFFSET, 4, "tcbhead_t.sysinfo (AT_SYSINFO)");

        long addr = I386Layout.TEXT;
        for (UserProgram.Load l : p.prelude()) {
            s.init(addr, l.encode(addr), "user text");
            addr += l.length();
        }
        byte[] entry = switch (p.entry()) {
            case IA32_VSYSCALL -> new byte[] {0x65, (byte) 0xff, 0x15, 0x10, 0, 0, 0};
            case IA32_INT80 -> new byte[] {(byte) 0xcd, (byte) 0x80};
            default -> new byte[] {0x0f, 0x05};
        };
        s.init(addr, entry, "entry");
        s.init(after(p), UserInsns.testBytes(true), "test %eax,%eax");
        boolean amd = c.vendor() == dev.sysstep.core.cpu.Vendor.AMD;
        byte[] pre = c.version().vdso32StartsWithInt80Alternative() ? new byte[] {0x0f, 0x1f, 0x00} : new byte[0];
        byte[] body = {0x51, 0x52, 0x55, (byte) 0x89, (byte) (amd ? 0xcd : 0xe5), 0x0f, (byte) (amd ? 0x05 : 0x34),
            (byte) 0xcd, (byte) 0x80, 0x5d, 0x5a, 0x59, (byte) 0xc3};
        byte[] all = new byte[pre.length + body.length];
        System.arraycopy(pre, 0, all, 0, pre.length);
        System.arraycopy(body, 0, all, pre.length, body.length);
        s.init(I386Layout.KERNEL_VSYSCALL, all, "__kernel_vsyscall");

        s.cpu().set(Reg.RSP, I386Layout.ESP);
        s.cpu().set(Reg.RIP, p.isBare() ? entryInsn(p) : I386Layout.TEXT);
        s.cpu().set(Reg.RFLAGS, LinuxPath.USER_RFLAGS);
        s.cpu().set(Reg.CS, Selectors.USER32_CS);
        s.cpu().set(Reg.SS, Selectors.USER_DS);
        s.cpu().set(Reg.CPL, 3);
        s.cpu().set(Reg.FS_BASE, 0);
        s.cpu().set(Reg.GS_BASE, I386Layout.TLS);
    }
}
