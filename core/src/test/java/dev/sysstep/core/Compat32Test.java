package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 32-bit process: SYSENTER, compat SYSCALL, int $0x80 and SYSRETL (kernel-other-entries.md §3, §4). */
class Compat32Test {
    private static final long PT_REGS = 0xffffc90000013f58L;

    static UserProgram write(Entry e) {
        return UserProgram.via(e, 4, List.of(UserProgram.Arg.of(1), new UserProgram.Arg(0, true), UserProgram.Arg.of(3)),
                "hi\n".getBytes(StandardCharsets.UTF_8));
    }

    private static long ptRegs(Session s, String field) {
        return s.memory().read64(PT_REGS + PtRegs.field(field).orElseThrow().offset());
    }

    @Test
    void sysenterLoadsTheMsrsAndSavesNothing() {
        // §3.1 (observed MSRs) and §3.3: RSP <- SYSENTER_ESP, RIP <- SYSENTER_EIP, CS 0x10, SS 0x18, CPL 0, IF = 0
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        assertThat(s.state().cpu().get(Reg.SYSENTER_CS)).isEqualTo(0x10);
        assertThat(s.state().cpu().get(Reg.SYSENTER_ESP)).isEqualTo(0xfffffe0000003000L);
        assertThat(s.state().cpu().get(Reg.SYSENTER_EIP)).isEqualTo(0xffffffff81c018f0L);
        s.goTo("sysenter.swapgs");
        CpuState c = s.state().cpu();
        assertThat(c.get(Reg.RSP)).isEqualTo(0xfffffe0000003000L);
        assertThat(c.get(Reg.RIP)).isEqualTo(0xffffffff81c018f0L);
        assertThat(c.get(Reg.CS)).isEqualTo(0x10);
        assertThat(c.get(Reg.SS)).isEqualTo(0x18);
        assertThat(c.cpl()).isZero();
        assertThat(c.get(Reg.RFLAGS) & RFlags.IF).isZero();
        assertThat(c.get(Reg.RBP)).as("the vDSO kept the user stack in EBP").isEqualTo(0xffffcff0L);
        assertThat(s.lastStep().orElseThrow().writes()).as("SYSENTER pushes nothing").isEmpty();
    }

    @Test
    void theFrameStartsAsConstantsAndCFillsInSpIpAndIf() {
        // §3.4 S7-S11 and §3.5
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        s.goTo("sysenter.push_orig_ax");
        assertThat(ptRegs(s, "ss")).isEqualTo(0x2b);
        assertThat(ptRegs(s, "sp")).isZero();
        assertThat(ptRegs(s, "cs")).isEqualTo(0x23);
        assertThat(ptRegs(s, "ip")).isZero();
        assertThat(ptRegs(s, "flags") & RFlags.IF).as("pushfq after SYSENTER: IF clear").isZero();
        s.goTo("c.syscall_32_enter");
        assertThat(ptRegs(s, "sp")).as("regs->sp = regs->bp").isEqualTo(0xffffcff0L);
        assertThat(ptRegs(s, "flags") & RFlags.IF).isEqualTo(RFlags.IF);
        long ip = ptRegs(s, "ip");
        // §3.6: a restart gets ip - 2, the vDSO's int $0x80 just before the landing pad
        assertThat(s.code().at(ip - 2).map(l -> s.code().insn(l).text())).contains("int $0x80");
        assertThat(ptRegs(s, "r8")).as("6.1 saves the real r8").isEqualTo(0);
    }

    @Test
    void sysretlReturnsToTheLandingPadInCompatibilityMode() {
        // §3.6: EIP = ECX, CS 0x23, SS 0x2b, RFLAGS = (R11 & 0x3C7FD7) | 2, r8-r10 zeroed, RSP = the user's
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        s.goTo("vdso32.landing_pad");
        CpuState c = s.state().cpu();
        assertThat(c.get(Reg.CS)).isEqualTo(0x23);
        assertThat(c.get(Reg.SS)).isEqualTo(0x2b);
        assertThat(c.get(Reg.RIP)).isEqualTo(c.get(Reg.RCX) & 0xFFFF_FFFFL);
        assertThat(c.get(Reg.RFLAGS)).isEqualTo((c.get(Reg.R11) & 0x3C7FD7L) | 2);
        assertThat(c.get(Reg.R8) | c.get(Reg.R9) | c.get(Reg.R10)).isZero();
        assertThat(c.get(Reg.RSP)).as("at the vDSO's three pushes").isEqualTo(0xffffcff0L);
        assertThat(c.get(Reg.RAX)).isEqualTo(3);
        s.run();
        c = s.state().cpu();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.SYSRETL);
        assertThat(c.get(Reg.RCX)).as("the vDSO pops the caller's ECX").isEqualTo(0x0804a000L);
        assertThat(c.get(Reg.RSP)).isEqualTo(0xffffd000L);
        assertThat(new String(s.state().process().terminalOutput(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    @Test
    void sysretlHasNoCanonicalCheck() {
        // §3.6: EIP = ECX with no canonical check: a non-canonical RCX is cut to 32 bits
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        s.goTo("sysret32.sysretl");
        s.setRegister(Reg.RCX, 0x8000_0000_f7fc_7579L);
        s.stepi(1);
        assertThat(s.state().cpu().get(Reg.RIP)).isEqualTo(0xf7fc7579L);
        assertThat(s.state().cpu().get(Reg.CS)).isEqualTo(0x23);
    }

    @Test
    void trapFlagSendsTheReturnThroughIretAndTheFlagsFixUpRuns() {
        // §3.4 S15a and §3.5: TF in the saved flags -> .Lsysenter_fix_flags, and do_fast_syscall_32 says IRET
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        s.setRegister(Reg.RFLAGS, 0x246L | RFlags.TF);
        s.run();
        List<String> ids = s.path().stream().map(e -> e.phase().id()).toList();
        assertThat(ids).contains("sysenter.fix_flags");
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        assertThat(s.state().cpu().get(Reg.RFLAGS) & RFlags.TF).as("IRET restores TF").isEqualTo(RFlags.TF);
    }

    @Test
    void aFaultingSixthArgumentReadReturnsEfaultThroughIret() {
        // §3.5 step 3: regs->ax = -EFAULT; the call never runs
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        s.goTo("c.do_SYSENTER_32");
        s.setPtRegs(PtRegs.field("bp").orElseThrow(), 0x10);
        s.goTo("vdso32.landing_pad");
        assertThat(s.state().locals().get(dev.sysstep.core.code.Local.RETURN_VIA))
                .contains(dev.sysstep.core.code.Local.ReturnVia.IRET);
        assertThat(s.state().cpu().get(Reg.RAX)).as("-EFAULT").isEqualTo(0xfffffffffffffff2L);
        assertThat(s.state().cpu().get(Reg.RSP)).as("the bad stack pointer comes back too").isEqualTo(0x10);
        assertThat(s.state().process().terminalOutput()).as("the call never ran").isEmpty();
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).as("the landing pad's pop faults").isEqualTo(Outcome.Kind.PF);
    }

    @Test
    void compatSyscallIsUdOnIntelAndEntersThroughCstarOnAmd() {
        // §4: Intel #UD; AMD CSTAR = entry_SYSCALL_compat, arg 2 from EBP, SYSRETL back
        Session intel = new Session(KernelConfig.defaults(), UserProgram.via(Entry.IA32_SYSCALL, 20, List.of(), null));
        intel.run();
        assertThat(intel.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.UD);
        Session amd = new Session(KernelConfig.defaults().withVendor(Vendor.AMD), write(Entry.IA32_VSYSCALL));
        amd.run();
        assertThat(amd.path().stream().map(e -> e.phase().id()).toList()).contains("syscall32.push_regs")
                .doesNotContain("sysenter.swapgs");
        assertThat(amd.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.SYSRETL);
        assertThat(amd.state().cpu().get(Reg.RAX)).isEqualTo(3);
    }

    @Test
    void intX80FromA32BitProcessReturnsThroughIretToCompatibilityMode() {
        // §2.2: a 32-bit caller pushes CS 0x23
        Session s = new Session(KernelConfig.defaults(), write(Entry.IA32_INT80));
        s.goTo("int80.asm_int80_emulation");
        assertThat(s.memory().read64(0xfffffe0000003000L - 32)).isEqualTo(0x23);
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        assertThat(s.state().cpu().get(Reg.CS)).isEqualTo(0x23);
        assertThat(s.state().cpu().get(Reg.RAX)).isEqualTo(3);
    }

    @Test
    void fiveFourteenPushesZerosForR8ToR15() {
        // §3.7: 5.14's SYSENTER entry does not save r8-r15
        Session s = new Session(KernelConfig.defaults().withVersion(KernelVersion.V5_14), write(Entry.IA32_VSYSCALL));
        s.setRegister(Reg.R12, 0x1234L);
        s.goTo("sysenter.cld");
        assertThat(ptRegs(s, "r12")).isZero();
        Session now = new Session(KernelConfig.defaults(), write(Entry.IA32_VSYSCALL));
        now.setRegister(Reg.R12, 0x1234L);
        now.goTo("sysenter.cld");
        assertThat(ptRegs(now, "r12")).isEqualTo(0x1234L);
    }

    @Test
    void sevenZeroTestsTheBoolInSysret32() {
        // §3.7: SYSENTER jumps straight to sysret32_from_system_call, which starts with testb %al,%al
        Session s = new Session(KernelConfig.defaults().withVersion(KernelVersion.V7_0), write(Entry.IA32_VSYSCALL));
        s.run();
        assertThat(s.path().stream().map(e -> e.phase().id()).toList()).contains("sysret32.test")
                .doesNotContain("fast32.return_test");
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.SYSRETL);
    }
}
