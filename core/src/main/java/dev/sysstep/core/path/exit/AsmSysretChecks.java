package dev.sysstep.core.path.exit;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.path.Src;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SYSRET eligibility checks in assembly, as 5.14 and 6.1 run them right after the call (reference
 * §1.2 R0-R8): each a phase whose conditional jump is a check that, failing, takes the IRET exit.
 */
final class AsmSysretChecks {
    private AsmSysretChecks() {
    }

    private static Mem slot(int offset, String field) {
        return Mem.at(Reg.RSP, offset, "pt_regs->" + field);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** The conditional jump of a check: ZF clear (not equal, or a bit set) fails it and takes the IRET exit. */
    private static void jumpToIret(Asm a, String mnemonic, String id,
                                   Function<Exec, Supplier<String>> detail) {
        a.jcc(mnemonic, f -> !Asm.zf(f), SysretExit.IRET_LABEL, 6, "use IRET",
                new Asm.CheckSpec(id, detail, SysretExit.TO_IRET));
    }

    static void emit(Asm a, KernelConfig c) {
        KernelVersion v = c.version();
        boolean la57 = c.la57();
        int shift = la57 ? Limits.CANONICAL_SHIFT_5LEVEL : Limits.CANONICAL_SHIFT_4LEVEL;
        a.phase("exit.check.xen_pv", "SYSRET check 0: not Xen PV", PhaseKind.ASM, Src.entry(v, null, null),
                "On a Xen PV guest this ALTERNATIVE becomes a JMP to the IRET path, since Xen must return through "
                + "the hypervisor. On bare metal it is a 5-byte NOP, and the SYSRET checks follow.",
                Src.ENTRY_FRAMES);
        a.nop(5, "ALTERNATIVE: X86_FEATURE_XENPV clear");

        a.phase("exit.check.rcx_eq_rip", "SYSRET check 1: pt_regs->cx == pt_regs->ip", PhaseKind.ASM,
                Src.entry(v, null, null),
                "SYSRET takes its RIP from RCX, so the saved cx must equal the saved ip. Both were pushed from the "
                + "same RCX at entry; a tracer, sigreturn or execve can change one without the other, and then only "
                + "IRET restores the right RIP.",
                Src.ENTRY_FRAMES);
        a.load(slot(PtRegs.CX, "cx"), Reg.RCX, "RCX(%rsp)");
        a.load(slot(PtRegs.IP, "ip"), Reg.R11, "RIP(%rsp)");
        a.cmpq(Reg.RCX, Reg.R11, "SYSRET requires RCX == RIP");
        jumpToIret(a, "jne", "exit.check.rcx_eq_rip", x -> {
                    long rcx = x.get(Reg.RCX);
                    long r11 = x.get(Reg.R11);
                    return () -> hex(rcx) + (rcx == r11 ? " == " : " != ") + hex(r11);
                });

        a.phase("exit.check.rcx_canonical", "SYSRET check 2: RIP is canonical", PhaseKind.ASM, Src.entry(v, null, null),
                "Shifting RCX left then arithmetically right by " + shift + " copies bit " + (63 - shift)
                + " into the top bits; if that changes the value, the address was not canonical. On Intel, SYSRET "
                + "with a non-canonical RCX faults in ring 0 on the user stack (CVE-2012-0217), so such a return "
                + "must use IRET. " + (la57 ? "With LA57 the ALTERNATIVE picked the 57-bit variant (shift 7)."
                : "64 - (47 + 1) = 16 on 4-level paging."),
                Src.ENTRY_FRAMES);
        a.shlq(shift, Reg.RCX, la57 ? "ALTERNATIVE for X86_FEATURE_LA57: 57-bit addresses" : "64 - (__VIRTUAL_MASK_SHIFT + 1)");
        a.sarq(shift, Reg.RCX, "sign-extend the top implemented bit");
        a.cmpq(Reg.RCX, Reg.R11, "if this changed %rcx, it was not canonical");
        jumpToIret(a, "jne", "exit.check.rcx_canonical", x -> {
                    long rcx = x.get(Reg.RCX);
                    long r11 = x.get(Reg.R11);
                    return () -> "sign-extended " + hex(rcx) + (rcx == r11 ? " == " : " != ") + "ip " + hex(r11);
                });

        a.phase("exit.check.cs", "SYSRET check 3: pt_regs->cs == __USER_CS", PhaseKind.ASM, Src.entry(v, null, null),
                "SYSRET always loads CS = 0x33. If pt_regs->cs is anything else (a task a tracer switched to 32-bit "
                + "code, for example), only IRET can restore it.",
                Src.ENTRY_FRAMES);
        Mem cs = slot(PtRegs.CS, "cs");
        a.cmpq(Selectors.USER_CS, "__USER_CS", cs, "CS must match SYSRET");
        jumpToIret(a, "jne", "exit.check.cs", x -> {
                    long saved = loadQuiet(x, cs);
                    return () -> "pt_regs->cs = " + hex(saved);
                });

        a.phase("exit.check.r11_eq_rflags", "SYSRET check 4: pt_regs->r11 == pt_regs->flags", PhaseKind.ASM,
                Src.entry(v, null, null),
                "SYSRET loads RFLAGS from R11, so the saved r11 must equal the saved flags. After this phase R11 "
                + "holds the value SYSRET will use.",
                Src.ENTRY_FRAMES);
        Mem flags = slot(PtRegs.FLAGS, "flags");
        a.load(slot(PtRegs.R11, "r11"), Reg.R11, "R11(%rsp)");
        a.cmpq(Reg.R11, flags, "R11 == RFLAGS");
        jumpToIret(a, "jne", "exit.check.r11_eq_rflags", x -> {
                    long r11 = x.get(Reg.R11);
                    long fl = loadQuiet(x, flags);
                    return () -> "r11 " + hex(r11) + (r11 == fl ? " == " : " != ") + "flags " + hex(fl);
                });

        a.phase("exit.check.rf_tf", "SYSRET check 5: neither RF nor TF", PhaseKind.ASM, Src.entry(v, null, null),
                "SYSRET cannot restore RF, and returning with TF set would trap right after SYSRET, which could loop "
                + "forever on a single-stepped syscall. Either flag means IRET.",
                Src.ENTRY_FRAMES);
        a.testq(RFlags.RF | RFlags.TF, "(X86_EFLAGS_RF|X86_EFLAGS_TF)", Reg.R11, "RF or TF set?");
        jumpToIret(a, "jnz", "exit.check.rf_tf", x -> {
                    long bits = x.get(Reg.R11) & (RFlags.RF | RFlags.TF);
                    return () -> "flags & (RF|TF) = " + hex(bits);
                });

        a.phase("exit.check.ss", "SYSRET check 6: pt_regs->ss == __USER_DS", PhaseKind.ASM, Src.entry(v, null, null),
                "SYSRET loads SS = 0x2b, so a different saved ss needs IRET. Nothing is checked for RSP: the exit path "
                + "loads it itself.",
                Src.ENTRY_FRAMES);
        Mem ss = slot(PtRegs.SS, "ss");
        a.cmpq(Selectors.USER_DS, "__USER_DS", ss, "SS must match SYSRET");
        jumpToIret(a, "jne", "exit.check.ss", x -> {
                    long saved = loadQuiet(x, ss);
                    return () -> "pt_regs->ss = " + hex(saved);
                });
    }

    /** Reads a pt_regs slot for a check's description (the instruction itself already read it). */
    private static long loadQuiet(Exec x, Mem m) {
        return x.memory().read64(m.address(x));
    }
}
