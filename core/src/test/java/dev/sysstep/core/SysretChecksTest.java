package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Check;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault injection after dispatch, as a tracer would do it, and the SYSRET checks of reference §1.2
 * failing one by one: the IRET path of §1.3 runs instead.
 */
class SysretChecksTest {

    /**
     * A write session stopped after dispatch, with pt_regs fields changed as a kernel bug could change
     * them (forced: ptrace itself would refuse some of these selectors).
     */
    static Session injected(KernelVersion v, Object... fieldValues) {
        Session s = new Session(Runs.config(v), UserProgram.seedWrite());
        s.goTo("c.syscall_exit_to_user_mode");
        for (int i = 0; i < fieldValues.length; i += 2) {
            s.setPtRegs(PtRegs.field((String) fieldValues[i]).orElseThrow(), (Long) fieldValues[i + 1], true, null);
        }
        s.run();
        return s;
    }

    static List<Check> checks(Session s) {
        List<Check> out = new ArrayList<>();
        for (Step st : Runs.steps(s)) {
            out.addAll(st.checks());
        }
        return out;
    }

    static Check firstFailed(Session s) {
        return checks(s).stream().filter(c -> !c.passed() && c.id().startsWith("exit.")).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void untouchedWriteReturnsThroughSysret(KernelVersion v) {
        Session s = injected(v);
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.SYSRET);
        assertThat(checks(s).stream().filter(c -> c.id().startsWith("exit.check")).allMatch(Check::passed)).isTrue();
        assertThat(Runs.onPath(s, "iret.iretq")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void cxDifferentFromIpTakesIretAndRestoresBoth(KernelVersion v) {
        Session s = injected(v, "cx", 0x401b40L);
        assertThat(firstFailed(s).id()).isEqualTo(Observed.sysretChecksInC(v) ? "exit.check.cx_ip_r11_flags"
                : "exit.check.rcx_eq_rip");
        assertThat(Runs.onPath(s, "iret.iretq")).isTrue();
        CpuState end = Runs.stateAfter(s, "iret.iretq").cpu();
        assertThat(end.get(Reg.RIP)).isEqualTo(0x401b29L);  // from pt_regs->ip
        assertThat(end.get(Reg.RCX)).isEqualTo(0x401b40L);  // from pt_regs->cx, which SYSRET could not have kept
        assertThat(end.get(Reg.RAX)).isEqualTo(3);
        assertThat(end.cpl()).isEqualTo(3);
        assertThat(end.get(Reg.CS)).isEqualTo(0x33);
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void r11DifferentFromFlagsTakesIret(KernelVersion v) {
        Session s = injected(v, "r11", 0x202L);
        assertThat(firstFailed(s).id()).isEqualTo(Observed.sysretChecksInC(v) ? "exit.check.cx_ip_r11_flags"
                : "exit.check.r11_eq_rflags");
        CpuState end = Runs.stateAfter(s, "iret.iretq").cpu();
        assertThat(end.get(Reg.RFLAGS)).isEqualTo(0x246L); // IRET loads pt_regs->flags
        assertThat(end.get(Reg.R11)).isEqualTo(0x202L);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void trapFlagTakesIretAndSurvivesIt(KernelVersion v) {
        Session s = injected(v, "flags", 0x246L | RFlags.TF, "r11", 0x246L | RFlags.TF);
        assertThat(firstFailed(s).id()).isEqualTo("exit.check.rf_tf");
        assertThat(Runs.stateAfter(s, "iret.iretq").cpu().get(Reg.RFLAGS)).isEqualTo(0x346L);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void resumeFlagTakesIretWhichRestoresIt(KernelVersion v) {
        Session s = injected(v, "flags", 0x246L | RFlags.RF, "r11", 0x246L | RFlags.RF);
        assertThat(firstFailed(s).id()).isEqualTo("exit.check.rf_tf");
        assertThat(Runs.stateAfter(s, "iret.iretq").cpu().get(Reg.RFLAGS)).isEqualTo(0x10246L);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void thirtyTwoBitCsTakesIretIntoCompatibilityMode(KernelVersion v) {
        Session s = injected(v, "cs", 0x23L);
        assertThat(firstFailed(s).id()).isEqualTo(Observed.sysretChecksInC(v) ? "exit.check.cs_ss" : "exit.check.cs");
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        assertThat(s.state().cpu().get(Reg.CS)).isEqualTo(0x23);
    }

    @Test
    void ssWithHighBitsFailsTheAssemblyCheckButNotTheSixteenBitCCheck() {
        // reference §2.2, kernel-6.12.md §1 row 7, §3.2: in 6.12 and 7.0 cs and ss are u16 members of FRED
        // unions, so C sees only their low 16 bits; 6.1's assembly compares the whole slot
        Session s61 = injected(KernelVersion.V6_1, "ss", 0x1002bL);
        assertThat(firstFailed(s61).id()).isEqualTo("exit.check.ss");
        assertThat(s61.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        for (KernelVersion v : new KernelVersion[] {KernelVersion.V6_12, KernelVersion.V7_0}) {
            Session s = injected(v, "ss", 0x1002bL);
            assertThat(s.result().orElseThrow().outcome().kind()).as(v.label()).isEqualTo(Outcome.Kind.SYSRET);
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void nonCanonicalIpTakesIretWhichFaultsInTheKernel(KernelVersion v) {
        Session s = injected(v, "ip", 0x800000000000L, "cx", 0x800000000000L);
        assertThat(firstFailed(s).id()).isEqualTo(Observed.sysretChecksInC(v) ? "exit.check.ip_task_size"
                : "exit.check.rcx_canonical");
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.GP);
        assertThat(s.state().cpu().cpl()).isZero(); // IRET raised #GP before leaving ring 0
    }

    @Test
    void topUserPagePassesTheCanonicalTestButNotTaskSizeMax() {
        // reference §1.2, kernel-6.12.md §1 row 6: the C check of v6.7 and later is stricter than the shl/sar test
        Session s61 = injected(KernelVersion.V6_1, "ip", 0x7ffffffff000L, "cx", 0x7ffffffff000L);
        assertThat(Runs.onPath(s61, "iret.iretq")).isFalse();
        assertThat(s61.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.PF);
        // kernel-6.12.md §3.2 check 4: ip >= TASK_SIZE_MAX (0x7ffffffff000 with 4-level paging) means IRET
        for (KernelVersion v : new KernelVersion[] {KernelVersion.V6_12, KernelVersion.V7_0}) {
            Session s = injected(v, "ip", 0x7ffffffff000L, "cx", 0x7ffffffff000L);
            assertThat(firstFailed(s).id()).as(v.label()).isEqualTo("exit.check.ip_task_size");
            assertThat(Runs.onPath(s, "iret.iretq")).as(v.label()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void iretPathCopiesTheFrameToTheTrampolineStack(KernelVersion v) {
        Session s = injected(v, "cx", 0x401b40L);
        int p = Runs.after(s, "iret.switch_to_trampoline");
        CpuState c = s.state(p).cpu();
        // reference §1.3: SS, RSP, RFLAGS, CS, RIP then the user RDI, below TSS.sp0
        long top = 0xfffffe0000003000L;
        assertThat(c.get(Reg.RSP)).isEqualTo(top - 48);
        assertThat(Runs.memAt(s, p, top - 8)).isEqualTo(0x2b);
        assertThat(Runs.memAt(s, p, top - 16)).isEqualTo(Observed.of(v).userRsp());
        assertThat(Runs.memAt(s, p, top - 24)).isEqualTo(0x246L);
        assertThat(Runs.memAt(s, p, top - 32)).isEqualTo(0x33);
        assertThat(Runs.memAt(s, p, top - 40)).isEqualTo(0x401b29L);
        assertThat(Runs.memAt(s, p, top - 48)).isEqualTo(1); // user RDI = fd 1
    }

    @Test
    void withoutPtiSixTwelveAndSevenZeroTakeTheShortIretBranch() {
        // kernel-6.12.md §5.1, §1 row 11: no trampoline with PTI off, from v6.8
        for (KernelVersion v : new KernelVersion[] {KernelVersion.V6_12, KernelVersion.V7_0}) {
            Session s = new Session(Runs.config(v).withKpti(false), UserProgram.seedWrite());
            s.goTo("c.syscall_exit_to_user_mode");
            s.setPtRegs(PtRegs.field("cx").orElseThrow(), 0x401b40L);
            s.run();
            assertThat(Runs.onPath(s, "iret.skip_orig_ax")).as(v.label()).isTrue();
            assertThat(Runs.onPath(s, "iret.switch_to_trampoline")).as(v.label()).isFalse();
            assertThat(s.result().orElseThrow().outcome().kind()).as(v.label()).isEqualTo(Outcome.Kind.IRET);
        }
        // 5.14 and 6.1 have no such branch: always the trampoline (reference §1.3)
        Session s61 = new Session(Runs.config(KernelVersion.V6_1).withKpti(false), UserProgram.seedWrite());
        s61.goTo("c.syscall_exit_to_user_mode");
        s61.setPtRegs(PtRegs.field("cx").orElseThrow(), 0x401b40L);
        s61.run();
        assertThat(Runs.onPath(s61, "iret.switch_to_trampoline")).isTrue();
    }

    @Test
    void ptRegsCannotBeChangedOutsideTheKernel() {
        Session s = Session.defaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.setPtRegs(PtRegs.field("ip").orElseThrow(), 1))
                .hasMessageContaining("pt_regs can only be changed");
    }
}
