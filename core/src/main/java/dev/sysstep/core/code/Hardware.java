package dev.sysstep.core.code;

import dev.sysstep.core.cpu.Canonical;
import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.Selectors;

/** SYSCALL, SYSRET and IRETQ as the Intel SDM Vol. 2B describes them (reference §4.1, §4.2, §4.4). */
public final class Hardware {
    private Hardware() {
    }

    private static boolean la57(Exec x) {
        return (x.get(Reg.CR4) & ControlBits.CR4_LA57) != 0;
    }

    private static boolean in64BitMode(Exec x) {
        return (x.get(Reg.EFER) & ControlBits.EFER_LMA) != 0
                && Selectors.describe(x.get(Reg.CS)) != Selectors.Descriptor.USER_CODE32
                && Selectors.describe(x.get(Reg.CS)) != Selectors.Descriptor.KERNEL_CODE32;
    }

    /**
     * SYSCALL; {@code next} is the address of the following instruction. From 64-bit mode it goes to
     * LSTAR. From compatibility mode Intel CPUs raise #UD (SDM SYSCALL: CS.L must be 1), while AMD
     * CPUs go to CSTAR, entry_SYSCALL_compat (kernel-other-entries.md §4).
     */
    public static void syscall(Exec x, long next) {
        boolean compat = !in64BitMode(x);
        if (compat && x.config().vendor() == Vendor.INTEL) {
            x.fault(Outcome.Kind.UD, "Intel: SYSCALL is invalid outside 64-bit mode (SDM SYSCALL: #UD when CS.L = 0). "
                    + "The #UD goes to exc_invalid_op, which sends SIGILL to the process (not simulated)");
        }
        if ((x.get(Reg.EFER) & ControlBits.EFER_SCE) == 0) {
            x.fault(Outcome.Kind.UD, "EFER.SCE = 0: SYSCALL raises #UD before changing anything (SDM SYSCALL); "
                    + "Linux would deliver SIGILL to the program (not simulated)");
        }
        long rflags = x.flags();
        long star = x.get(Reg.STAR);
        long lstar = x.get(compat ? Reg.CSTAR : Reg.LSTAR);
        if (compat && x.undefinedBits(Reg.CSTAR) != 0) {
            // CSTAR holds entry_SYSCALL_compat, whose address was not observed: go there by name
            x.set(Reg.RCX, next);
            x.set(Reg.R11, rflags & ~RFlags.RF);
            x.set(Reg.RFLAGS, (rflags & ~x.get(Reg.SYSCALL_MASK)) | RFlags.FIXED);
            long cs = (star >>> 32) & 0xFFFF;
            x.set(Reg.CS, cs & 0xFFFC);
            x.set(Reg.CPL, 0);
            x.set(Reg.SS, cs + 8);
            x.jump(ENTRY_SYSCALL_COMPAT);
            return;
        }
        x.set(Reg.RCX, next);
        x.set(Reg.R11, rflags & ~RFlags.RF);
        x.set(Reg.RFLAGS, (rflags & ~x.get(Reg.SYSCALL_MASK)) | RFlags.FIXED);
        long cs = (star >>> 32) & 0xFFFF;
        x.set(Reg.CS, cs & 0xFFFC);
        x.set(Reg.CPL, 0);
        x.set(Reg.SS, cs + 8);
        x.set(Reg.RIP, lstar);
        x.transfer(lstar);
    }

    /** Regions of a 32-bit process's code start with this: there compatibility-mode code is simulated. */
    public static final String I386_REGION = "i386 ";

    /** The label of entry_SYSCALL_compat, where AMD's compat SYSCALL lands. */
    public static final String ENTRY_SYSCALL_COMPAT = "entry_SYSCALL_compat";
    /** The label of entry_SYSENTER_compat, where SYSENTER lands. */
    public static final String ENTRY_SYSENTER_COMPAT = "entry_SYSENTER_compat";

    /**
     * SYSENTER from a 32-bit process (SDM SYSENTER, IA-32e mode; kernel-other-entries.md §3.3): RSP and
     * RIP from the SYSENTER MSRs, CS from SYSENTER_CS with a flat 64-bit descriptor, SS = CS + 8, CPL
     * 0, IF and VM cleared, and nothing saved: no return address, stack or flags.
     */
    public static void sysenter(Exec x) {
        if (x.config().vendor() == Vendor.AMD) {
            x.fault(Outcome.Kind.UD, "AMD CPUs raise #UD for SYSENTER in long mode (the vDSO uses SYSCALL there); "
                    + "exc_invalid_op would send SIGILL (not simulated)");
        }
        long cs = x.get(Reg.SYSENTER_CS);
        if ((cs & 0xFFFC) == 0) {
            x.fault(Outcome.Kind.GP, "IA32_SYSENTER_CS[15:2] = 0: SYSENTER raises #GP(0)");
        }
        x.set(Reg.RFLAGS, x.flags() & ~(RFlags.VM | RFlags.IF));
        x.set(Reg.RSP, x.get(Reg.SYSENTER_ESP));
        x.set(Reg.CS, cs & 0xFFFC);
        x.set(Reg.SS, (cs & 0xFFFC) + 8);
        x.set(Reg.CPL, 0);
        if (x.undefinedBits(Reg.SYSENTER_EIP) != 0) {
            x.jump(ENTRY_SYSENTER_COMPAT); // written by syscall_init, but its value was not observed
            return;
        }
        long eip = x.get(Reg.SYSENTER_EIP);
        x.set(Reg.RIP, eip);
        x.transfer(eip);
    }

    /**
     * SYSRET without REX.W (sysretl) back to a 32-bit process: EIP from ECX with no canonical check,
     * RFLAGS from R11, CS = STAR[63:48] | 3 (0x23, compatibility mode), SS = STAR[63:48] + 8 | 3,
     * CPL 3; RSP is left alone (kernel-other-entries.md §3.6).
     */
    public static void sysretl(Exec x) {
        if (!in64BitMode(x) || (x.get(Reg.EFER) & ControlBits.EFER_SCE) == 0) {
            x.fault(Outcome.Kind.UD, "SYSRET with EFER.SCE = 0 (or outside 64-bit mode) raises #UD in the kernel; "
                    + "the kernel would oops (not simulated)");
        }
        if (x.cpl() != 0) {
            x.fault(Outcome.Kind.GP, "SYSRET at CPL " + x.cpl() + " raises #GP(0)");
        }
        long eip = x.get(Reg.RCX) & 0xFFFF_FFFFL;
        long base = (x.get(Reg.STAR) >>> 48) & 0xFFFF;
        x.set(Reg.RIP, eip);
        x.set(Reg.RFLAGS, (x.get(Reg.R11) & RFlags.SYSRET_KEEP) | RFlags.FIXED);
        x.set(Reg.CS, base | 3);
        x.set(Reg.CPL, 3);
        x.set(Reg.SS, (base + 8) | 3);
        x.setLocal(Local.RETURN_VIA, Local.ReturnVia.SYSRETL);
        x.transfer(eip);
    }

    /** SYSRET with REX.W (sysretq), at CPL 0. */
    public static void sysretq(Exec x, long sysretAddress) {
        if (!in64BitMode(x) || (x.get(Reg.EFER) & ControlBits.EFER_SCE) == 0) {
            x.fault(Outcome.Kind.UD, "SYSRET with EFER.SCE = 0 (or outside 64-bit mode) raises #UD in the kernel; "
                    + "the kernel would oops (not simulated)");
        }
        if (x.cpl() != 0) {
            x.fault(Outcome.Kind.GP, "SYSRET at CPL " + x.cpl() + " raises #GP(0)");
        }
        long rcx = x.get(Reg.RCX);
        boolean canonical = Canonical.isCanonical(rcx, la57(x));
        Vendor vendor = x.config().vendor();
        if (!canonical && vendor == Vendor.INTEL) {
            deliverKernelGp(x, sysretAddress, rcx);
            return;
        }
        long star = x.get(Reg.STAR);
        long base = (star >>> 48) & 0xFFFF;
        x.set(Reg.RIP, rcx);
        x.set(Reg.RFLAGS, (x.get(Reg.R11) & RFlags.SYSRET_KEEP) | RFlags.FIXED);
        x.set(Reg.CS, (base + 16) | 3);
        x.set(Reg.CPL, 3);
        x.set(Reg.SS, (base + 8) | 3);
        x.setLocal(Local.RETURN_VIA, Local.ReturnVia.SYSRET);
        if (!canonical) {
            x.end(Outcome.Kind.GP, () -> String.format("AMD: SYSRET does not check RCX, so it completed at CPL 3 with RIP = 0x%x; "
                    + "fetching from that non-canonical address raises an ordinary user-mode #GP, which Linux "
                    + "turns into SIGSEGV (not simulated)", rcx));
            return;
        }
        x.transfer(rcx);
    }

    /**
     * Intel: the canonical check comes before any state change, so #GP(0) is raised at CPL 0. The
     * #GP gate has DPL 0 and no IST, so there is no stack switch: the frame is pushed on the
     * current RSP, which the exit path has already set to the user stack, with the user GS base
     * loaded (reference §4.4, CVE-2012-0217).
     */
    private static void deliverKernelGp(Exec x, long sysretAddress, long rcx) {
        long rsp = x.get(Reg.RSP);
        long frameTop = rsp & ~0xFL;
        long[] frame = {x.get(Reg.SS), rsp, x.flags(), x.get(Reg.CS), sysretAddress, 0};
        String[] labels = {"#GP frame: SS", "#GP frame: RSP", "#GP frame: RFLAGS", "#GP frame: CS",
            "#GP frame: RIP (the sysretq)", "#GP frame: error code"};
        x.set(Reg.RSP, frameTop);
        for (int i = 0; i < frame.length; i++) {
            x.push(frame[i], labels[i]);
        }
        x.undefine(Reg.RIP, -1L);
        x.set(Reg.RFLAGS, x.flags() & ~(RFlags.TF | RFlags.RF | RFlags.NT | RFlags.IF) | RFlags.FIXED);
        x.end(Outcome.Kind.GP, () -> String.format("Intel: SYSRET with non-canonical RCX 0x%x raises #GP(0) in ring 0 before "
                + "changing any state. The exception frame was pushed on the user-controlled stack (RSP 0x%x) while "
                + "GS holds the user base: the CVE-2012-0217 situation. The kernel's #GP handler is not simulated.",
                rcx, rsp));
    }

    /** IRETQ from CPL 0 back to user mode, with the descriptor checks the SDM lists. */
    public static void iretq(Exec x) {
        long rsp = x.get(Reg.RSP);
        long rip = x.load64(rsp);
        long cs = x.load64(rsp + 8) & 0xFFFF;
        long rflags = x.load64(rsp + 16);
        long newRsp = x.load64(rsp + 24);
        long ss = x.load64(rsp + 32) & 0xFFFF;
        int cpl = x.cpl();
        if ((x.flags() & RFlags.NT) != 0) {
            x.fault(Outcome.Kind.GP, "IRET with NT set in IA-32e mode raises #GP(0)");
        }
        Selectors.Descriptor code = Selectors.describe(cs);
        int rpl = (int) (cs & 3);
        if (code == Selectors.Descriptor.NULL) {
            x.fault(Outcome.Kind.GP, "IRET to a null CS raises #GP(0) in the kernel; fixup_bad_iret would send SIGSEGV (not simulated)");
        }
        if (!code.isCode() || rpl < cpl || code.dpl() != rpl) {
            x.fault(Outcome.Kind.GP, () -> String.format("IRET: CS 0x%x is not a code segment usable at RPL %d: #GP(0x%x) in the "
                    + "kernel; fixup_bad_iret would send SIGSEGV (not simulated)", cs, rpl, cs & ~3));
        }
        Selectors.Descriptor stack = Selectors.describe(ss);
        if (rpl != cpl && (stack == Selectors.Descriptor.NULL || (ss & 3) != rpl || !stack.isWritableData()
                || stack.dpl() != rpl)) {
            x.fault(Outcome.Kind.GP, () -> String.format("IRET: SS 0x%x does not fit CS 0x%x: #GP in the kernel; "
                    + "fixup_bad_iret would send SIGSEGV (not simulated)", ss, cs));
        }
        boolean longMode = code == Selectors.Descriptor.USER_CODE64 || code == Selectors.Descriptor.KERNEL_CODE64;
        if (longMode && !Canonical.isCanonical(rip, la57(x))) {
            x.fault(Outcome.Kind.GP, () -> String.format("IRET to non-canonical RIP 0x%x raises #GP(0) in the kernel, where the "
                    + "stack is still the kernel's; fixup_bad_iret turns it into SIGSEGV (not simulated)", rip));
        }
        long flags = (rflags & RFlags.DEFINED & ~RFlags.VM) | RFlags.FIXED;
        x.set(Reg.RIP, rip);
        x.set(Reg.CS, cs);
        x.set(Reg.RFLAGS, flags);
        x.set(Reg.RSP, newRsp);
        x.set(Reg.SS, ss);
        x.set(Reg.CPL, rpl);
        x.setLocal(Local.RETURN_VIA, Local.ReturnVia.IRET);
        if (!longMode) {
            long eip = rip & 0xFFFF_FFFFL;
            boolean code32 = x.memory().regionAt(eip).map(r -> r.name().startsWith(I386_REGION)).orElse(false);
            if (!code32) {
                x.end(Outcome.Kind.IRET, () -> String.format("IRET returned to 32-bit compatibility mode (CS 0x%x) at "
                        + "0x%x, in a 64-bit program's code: what the CPU decodes there as 32-bit code is not simulated",
                        cs, rip));
                return;
            }
            x.set(Reg.RIP, eip);
            x.transfer(eip);
            return;
        }
        x.transfer(rip);
    }
}
