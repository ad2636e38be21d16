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

    /** SYSCALL from 64-bit user mode; {@code next} is the address of the following instruction. */
    public static void syscall(Exec x, long next) {
        if (!in64BitMode(x)) {
            x.fault(Outcome.Kind.UD, "SYSCALL outside 64-bit mode raises #UD");
        }
        if ((x.get(Reg.EFER) & ControlBits.EFER_SCE) == 0) {
            x.fault(Outcome.Kind.UD, "EFER.SCE = 0: SYSCALL raises #UD before changing anything (SDM SYSCALL); "
                    + "Linux would deliver SIGILL to the program (not simulated)");
        }
        long rflags = x.flags();
        long star = x.get(Reg.STAR);
        long lstar = x.get(Reg.LSTAR);
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
            x.end(Outcome.Kind.IRET, () -> String.format("IRET returned to 32-bit compatibility mode (CS 0x%x) at 0x%x; "
                    + "32-bit user code is not simulated", cs, rip));
            return;
        }
        x.transfer(rip);
    }
}
