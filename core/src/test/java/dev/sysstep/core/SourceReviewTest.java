package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysstep.core.code.Insn;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The corrections of a source review of the 5.14.2, 6.1.158 and 7.0.0 profiles (issue 8, part B), one test each. */
class SourceReviewTest {

    private static List<Insn> insns(Session s, String phaseId) {
        return s.code().phaseById(phaseId).orElseThrow().insns();
    }

    @Test
    void b1ClearBranchHistoryIsAFiveByteCallSiteWithoutLfence() {
        // 7.0.0 nospec-branch.h: ALTERNATIVE "", "call clear_bhb_loop"; the LFENCE is inside clear_bhb_loop
        KernelConfig c70 = Runs.config(KernelVersion.V7_0);
        for (boolean bhi : new boolean[] {true, false}) {
            Session s = new Session(c70.withMitigation(Mitigation.BHI, bhi), UserProgram.seedWrite());
            List<Insn> site = insns(s, "entry.clear_branch_history");
            assertThat(site).hasSize(1);
            assertThat(site.get(0).length()).isEqualTo(5);
            assertThat(site.get(0).text()).isEqualTo(bhi ? "call clear_bhb_loop" : "nop");
            Insn call = insns(s, "entry.call_do_syscall_64").get(0);
            assertThat(call.address()).isEqualTo(site.get(0).nextAddress());
            assertThat(s.code().phases().stream().flatMap(p -> p.insns().stream()))
                    .noneMatch(i -> i.text().startsWith("lfence"));
        }
    }

    @Test
    void b2FiveFourteenClearsCpuBuffersInCOnTheWayOut() {
        // 5.14: syscall_exit_to_user_mode -> arch_exit_to_user_mode -> mds_user_clear_cpu_buffers() (VERW, ZF = 1)
        KernelConfig c = Runs.config(KernelVersion.V5_14);
        assertThat(c.mitigations()).contains(Mitigation.VERW);
        Session s = Runs.run(c, UserProgram.seedWrite());
        assertThat(Runs.onPath(s, "exit.clear_cpu_buffers")).isFalse();
        assertThat(Runs.stateAfter(s, "c.syscall_exit_to_user_mode").cpu().get(Reg.RFLAGS) & RFlags.ZF).isNotZero();
        Step exit = s.stepAt(Runs.after(s, "c.syscall_exit_to_user_mode"));
        assertThat(String.join(" ", exit.notes())).contains("mds_user_clear_cpu_buffers");
        Session off = Runs.run(c.withMitigation(Mitigation.VERW, false), UserProgram.seedWrite());
        Step quiet = off.stepAt(Runs.after(off, "c.syscall_exit_to_user_mode"));
        assertThat(String.join(" ", quiet.notes())).doesNotContain("mds_user_clear_cpu_buffers");
    }

    @Test
    void b3AmdIsNotAffectedByMeltdownSoAutomaticKptiIsOff() {
        // cpu/common.c: AMD parts carry NO_MELTDOWN, so pti=auto leaves PTI off
        KernelConfig amd = KernelConfig.defaults().withVendor(Vendor.AMD);
        assertThat(amd.kpti()).isFalse();
        assertThat(amd.withKpti(true).kpti()).isTrue();
        assertThat(KernelConfig.defaults().kpti()).isTrue();
        Session s = Runs.run(amd, UserProgram.seedWrite());
        assertThat(Runs.steps(s)).allMatch(st -> st.after().get(Reg.CR3) == st.before().get(Reg.CR3));
        assertThat(Vendor.AMD.model()).contains("Zen 1/2");
    }

    @Test
    void b4X32EntryPointsAreX64CompatStubsAndEightArePlain() {
        // kernel-6.12.md §6.2: 512 -> __x64_compat_sys_rt_sigaction, 516 writev -> __x64_sys_writev
        for (KernelVersion v : KernelVersion.values()) {
            KernelConfig on = Runs.config(v).withX32(true);
            String sigaction = Runs.run(on, UserProgram.syscall(0x4000_0000L + 512)).result().orElseThrow()
                    .outcome().description();
            assertThat(sigaction).as(v.label()).contains("__x64_compat_sys_rt_sigaction").doesNotContain("__x32_");
            String writev = Runs.run(on, UserProgram.syscall(0x4000_0000L + 516)).result().orElseThrow()
                    .outcome().description();
            assertThat(writev).as(v.label()).contains("__x64_sys_writev");
        }
        // 7.0 generates x32_sys_call in syscall_64.c: there is no syscall_x32.c to cite
        Session s70 = Runs.run(Runs.config(KernelVersion.V7_0).withX32(true), UserProgram.syscall(0x4000_0001L, 1,
                dev.sysstep.core.kernel.Layout.USER_MSG, 3));
        assertThat(Runs.steps(s70).stream().map(st -> st.phase().source().file()))
                .doesNotContain("arch/x86/entry/syscall_x32.c");
    }

    @Test
    void b5LongPaddingRunsAsOneJumpOverInt3() {
        // alternative.c add_nop: more than ASM_NOP_MAX (11) bytes of padding become a 2-byte jmp over int3
        Session s = new Session(Runs.config(KernelVersion.V7_0), UserProgram.seedWrite());
        List<Insn> site = insns(s, "entry.untrain_ret");
        assertThat(site).extracting(Insn::length).containsExactly(5, 2);
        assertThat(site.get(0).text()).isEqualTo("nop");
        assertThat(site.get(1).text()).startsWith("jmp");
        assertThat(s.code().phaseById("entry.untrain_ret").orElseThrow().explanation()).contains("INT3");
    }

    @Test
    void b6TheSysretExplanationSaysWhereInterruptsWereEnabled() {
        Phase p = Session.defaults().code().phaseById("exit.sysretq").orElseThrow();
        assertThat(p.explanation()).doesNotContain("never ran STI").contains("syscall_enter_from_user_mode")
                .contains("R11");
    }

    @Test
    void b8ATracerCannotSetAKernelSelectorButForcingItEndsInTheHardwareFault() {
        // ptrace's invalid_selector(): RPL != 3 is -EIO
        Session s = Session.defaults();
        s.goTo("c.syscall_exit_to_user_mode");
        PtRegs.Field cs = PtRegs.field("cs").orElseThrow();
        assertThatThrownBy(() -> s.setPtRegs(cs, 0x10)).hasMessageContaining("RPL 3");
        assertThatThrownBy(() -> s.setPtRegs(PtRegs.field("ss").orElseThrow(), 0x18)).hasMessageContaining("RPL 3");
        s.setPtRegs(cs, 0x10, true, null);
        s.run();
        // 6.1: IRET back to CPL 0, then the fetch from a user page faults under SMEP (SDM Vol. 3A §4.6)
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.PF);
        assertThat(s.state().cpu().cpl()).isZero();
        // 6.12 asserts RPL 3 on every IRET frame: ud2 (kernel-6.12.md §5.1 step 8)
        Session s612 = new Session(Runs.config(KernelVersion.V6_12), UserProgram.seedWrite());
        s612.goTo("c.syscall_exit_to_user_mode");
        s612.setPtRegs(cs, 0x10, true, null);
        s612.run();
        assertThat(s612.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.UD);
    }

    @Test
    void b10TheSysretChecksMovedToCInV67() {
        for (KernelVersion v : KernelVersion.values()) {
            Session s = new Session(Runs.config(v), UserProgram.seedWrite());
            for (Phase p : s.code().phases()) {
                assertThat(p.explanation()).as(p.id()).doesNotContainPattern("(checks?|tests?)[^.]*(in|to) C[^.]*6\\.8");
            }
        }
    }
}
