package dev.sysstep.core.path.mechanism;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Interrupts;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.path.Src;
import dev.sysstep.core.path.c.PageFaultC;
import dev.sysstep.core.path.entry.PageFaultEntry;
import dev.sysstep.core.path.exit.IretExit;
import dev.sysstep.core.path.user.Caller64;
import dev.sysstep.core.path.user.Capture;
import dev.sysstep.core.path.user.UserInsns;
import dev.sysstep.core.user.UserProgram;
import java.util.List;

/**
 * A call into the vsyscall page (kernel-other-entries.md §6): gettimeofday at 0xffffffffff600000,
 * time at +0x400, getcpu at +0x800. Nothing is mapped there, so the fetch faults, and the kernel
 * emulates the call from the page fault and returns with IRET.
 */
final class Vsyscall implements Mechanism {
    /** The page-fault error code of a user-mode fetch from a page with no PTE: USER | INSTR (derived, §6 step 1). */
    private static final long FETCH_ERROR = 0x14;

    static long entry(String function) {
        return PageFaultC.VSYSCALL_ADDR + switch (function) {
            case "gettimeofday" -> 0x000;
            case "time" -> 0x400;
            default -> 0x800;
        };
    }

    private static Caller64 caller(UserProgram p) {
        long[] args = p.args().stream().mapToLong(UserProgram.Arg::value).toArray();
        long target = entry(p.function().orElseThrow());
        long rel = target - Layout.USER_AFTER_SYSCALL;
        byte[] call = {(byte) 0xe8, (byte) rel, (byte) (rel >> 8), (byte) (rel >> 16), (byte) (rel >> 24)};
        return new Caller64(Caller64.arguments(args), call);
    }

    @Override
    public void emit(Asm a, KernelConfig c, UserProgram p) {
        KernelVersion v = c.version();
        String fn = p.function().orElseThrow();
        long target = entry(fn);
        Caller64 call = caller(p);
        long[] args = p.args().stream().mapToLong(UserProgram.Arg::value).toArray();
        call.emitCall(a, "Load the arguments", "The C arguments go in RDI, RSI and RDX, as for any function: old static "
                + "binaries called " + fn + " at its fixed address in the vsyscall page.", asm -> {
                    asm.phase("user.call_vsyscall", "call 0x" + Long.toHexString(target) + ": " + fn
                            + " in the vsyscall page", PhaseKind.USER, UserCodeSource.PROGRAM,
                            "A near call with a 32-bit displacement reaches the page from a non-PIE program: it pushes "
                            + "the return address and jumps there. The page is in /proc/self/maps as --xp [vsyscall], "
                            + "but in the default XONLY mode it has no page-table entry.", List.of("main"));
                    UserInsns.callDirect(asm, target, "0x" + Long.toHexString(target), fn + " (vsyscall)");
                });
        a.org(target);
        a.phase("vsyscall.fetch_fault", "#PF: the fetch at 0x" + Long.toHexString(target) + " faults", PhaseKind.HARDWARE,
                Src.sdm("Vol. 3A §4.7, §6.14: page-fault delivery"),
                "The CPU cannot translate the address, so the instruction fetch raises #PF: CR2 = the address, error "
                + "code 0x14 (USER | INSTR). The page-fault gate (vector 14) is an interrupt gate with DPL 0 and IST 0: "
                + "the same stack switch to TSS.RSP0 as int $0x80, the same five words, then the error code. The RIP "
                + "pushed is the faulting address itself, not the next instruction.", List.of("main"));
        a.landingAt(target);
        a.emitC(target, "(instruction fetch: no translation)", "", x -> {
            if (!v.otherEntries().vsyscall()) {
                x.fault(Outcome.Kind.NOT_SIMULATED, "the vsyscall emulation on " + v.release() + " is not simulated: "
                        + "its page-fault path is simulated for 6.1 and 7.0");
            }
            Capture.call(x, p.number(), args);
            Interrupts.pageFault(x, target, target, FETCH_ERROR, PageFaultEntry.GATE_TARGET);
        });
        if (v.otherEntries().vsyscall()) {
            PageFaultEntry.emit(a, c);
            PageFaultC.emit(a, c);
            IretExit.emit(a, c, "A page fault always returns through IRET");
        }
        call.emitAfter(a, "Back at the caller, as if the page's code had run and returned: IRET restored everything "
                + "from pt_regs, where emulate_vsyscall set ax to the result, ip to the caller and sp 8 higher.");
    }

    @Override
    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        caller(p).setUp(s, c, p);
        String fn = p.function().orElse("");
        if (fn.equals("gettimeofday")) {
            s.symbol(Layout.USER_READ_BUFFER, 16, "tv (struct timeval)");
        } else if (fn.equals("getcpu")) {
            s.symbol(Layout.USER_READ_BUFFER, 4, "cpu");
            s.symbol(Layout.USER_READ_BUFFER + 4, 4, "node");
        }
    }
}
