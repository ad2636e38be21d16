package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SYSCALL, SYSRET and SWAPGS corner cases (reference §4.1, §4.2, §4.4). */
class HardwareTest {

    @Test
    void syscallWithSceClearRaisesUdAndChangesNothing() {
        Session s = Session.defaults();
        s.setRegister(Reg.EFER, 0xd00L);
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.UD);
        CpuState c = s.state().cpu();
        assertThat(c.cpl()).isEqualTo(3);
        assertThat(c.get(Reg.RIP)).isEqualTo(0x401b27L);
        assertThat(c.get(Reg.RCX)).isZero();
    }

    @Test
    void syscallClearsRfInR11AndMasksWithFmask() {
        Session s = new Session(KernelConfig.defaults(), UserProgram.bare());
        long flags = RFlags.IF | RFlags.RF | RFlags.AC | RFlags.DF | RFlags.CF | RFlags.FIXED;
        s.setRegister(Reg.RFLAGS, flags);
        s.stepi(1);
        CpuState c = s.state().cpu();
        assertThat(c.get(Reg.R11)).isEqualTo(flags & ~RFlags.RF);
        assertThat(c.get(Reg.RFLAGS)).isEqualTo((flags & ~0x257fd5L) | 2);
    }

    static Session atSysret(KernelConfig c) {
        Session s = new Session(c, UserProgram.seedWrite());
        s.goTo("exit.sysretq");
        return s;
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void sysretLoadsFlagsThroughTheMask(KernelVersion v) {
        Session s = atSysret(Runs.config(v));
        s.setRegister(Reg.R11, 0xffff_ffff_ffff_ffffL & RFlags.DEFINED);
        s.stepi(1);
        // reference §4.2: RFLAGS = (R11 & 0x3C7FD7) | 2; RF and VM forced off
        assertThat(s.state().cpu().get(Reg.RFLAGS)).isEqualTo((RFlags.DEFINED & 0x3C7FD7L) | 2);
        assertThat(s.state().cpu().get(Reg.RFLAGS) & (RFlags.RF | RFlags.VM)).isZero();
    }

    @Test
    void intelSysretWithNonCanonicalRcxFaultsInRingZeroOnTheUserStack() {
        Session s = atSysret(KernelConfig.defaults());
        CpuState before = s.state().cpu();
        s.setRegister(Reg.RCX, 0x800000000000L);
        s.stepi(1);
        CpuState c = s.state().cpu();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.GP);
        assertThat(c.cpl()).isZero();
        assertThat(c.get(Reg.CS)).isEqualTo(0x10);
        assertThat(c.get(Reg.GS_BASE)).isEqualTo(0x6b6b6b6b6000L); // the user GS: CVE-2012-0217
        long frame = (before.get(Reg.RSP) & ~0xFL) - 48;
        assertThat(c.get(Reg.RSP)).isEqualTo(frame);
        assertThat(s.memory().read64(frame)).isZero(); // error code
        assertThat(s.memory().read64(frame + 8)).isEqualTo(s.code().insn(s.stepAt(s.position()).location()).address());
        assertThat(s.memory().read64(frame + 24)).isEqualTo(before.get(Reg.RFLAGS));
        assertThat(s.memory().read64(frame + 32)).isEqualTo(before.get(Reg.RSP));
    }

    @Test
    void amdSysretWithNonCanonicalRcxCompletesAndFaultsInUserMode() {
        Session s = atSysret(KernelConfig.defaults().withVendor(Vendor.AMD));
        s.setRegister(Reg.RCX, 0x800000000000L);
        s.stepi(1);
        CpuState c = s.state().cpu();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.GP);
        assertThat(c.cpl()).isEqualTo(3);
        assertThat(c.get(Reg.RIP)).isEqualTo(0x800000000000L);
        assertThat(c.get(Reg.CS)).isEqualTo(0x33);
    }

    @Test
    void la57ChangesTheCanonicalWidth() {
        // bit 56 set, bits 63:57 clear: non-canonical even with 5-level paging
        assertThat(dev.sysstep.core.cpu.Canonical.isCanonical(0x01000000_00000000L, true)).isFalse();
        assertThat(dev.sysstep.core.cpu.Canonical.isCanonical(0x00400000_00000000L, true)).isTrue();
        assertThat(dev.sysstep.core.cpu.Canonical.isCanonical(0x00400000_00000000L, false)).isFalse();
        Session s = new Session(KernelConfig.defaults().withLa57(true), UserProgram.seedWrite());
        s.run();
        assertThat(s.path().stream().filter(e -> e.phase().id().equals("exit.check.rcx_canonical")).findFirst()
                .orElseThrow().phase().insns().get(0).text()).isEqualTo("shlq $7, %rcx");
    }

    @Test
    void userModeCannotFetchKernelCode() {
        Session s = Session.defaults();
        s.setRegister(Reg.RIP, 0xffffffff81c00080L); // entry_SYSCALL_64 itself, at CPL 3
        s.stepi(1);
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.PF);
        assertThat(s.state().cpu().get(Reg.GS_BASE)).isEqualTo(0x6b6b6b6b6000L); // the swapgs never ran
    }
}
