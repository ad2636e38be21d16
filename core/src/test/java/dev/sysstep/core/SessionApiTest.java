package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Stop;
import dev.sysstep.core.session.StepReport;
import dev.sysstep.core.session.Target;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.StateDiff;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The session API the app drives: stepping, breakpoints, watches, diff, call chain, edits. */
class SessionApiTest {

    @Test
    void stepMovesOnePhaseAndStepiOneInstruction() {
        Session s = Session.defaults();
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("user.prelude");
        s.step(1);
        assertThat(s.position()).isEqualTo(4);
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("user.syscall");
        s.stepi(1);
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("entry.swapgs");
        s.back(1);
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("user.syscall");
    }

    @Test
    void nextStepsOverTheWholeCPartAndFinishLeavesAFunction() {
        Session s = Session.defaults();
        s.goTo("entry.call_do_syscall_64");
        StepReport m = s.next();
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("exit.check.xen_pv");
        assertThat(m.count()).isGreaterThan(5);

        Session f = Session.defaults();
        f.goTo("c.vfs_write");
        f.finish();
        assertThat(f.currentPhase().orElseThrow().depth()).isLessThan(6);
        assertThatThrownBy(() -> Session.defaults().finish()).hasMessageContaining("outermost frame");
    }

    @Test
    void breakpointsStopContinueAndRunIgnoresThem() {
        Session s = Session.defaults();
        s.addBreakpoint("exit.check.*");
        StepReport m = s.cont();
        assertThat(m.stop().kind()).isEqualTo(Stop.Kind.BREAKPOINT);
        assertThat(m.stop().phase()).contains("exit.check.xen_pv");
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("exit.check.xen_pv");
        s.cont();
        assertThat(s.currentPhase().orElseThrow().id()).isEqualTo("exit.check.rcx_eq_rip");
        assertThat(s.run().stop().kind()).isEqualTo(Stop.Kind.END);
        assertThatThrownBy(() -> s.addBreakpoint("exit.chek.cs")).hasMessageContaining("did you mean 'exit.check.cs'");
    }

    @Test
    void watchStopsWhenTheValueChanges() {
        Session s = Session.defaults();
        s.addWatch(Target.parse("gs_base").orElseThrow());
        StepReport m = s.cont();
        assertThat(m.stop().kind()).isEqualTo(Stop.Kind.WATCH);
        assertThat(s.previousPhase().orElseThrow().id()).isEqualTo("entry.swapgs");
        Stop.WatchHit hit = m.stop().watch().orElseThrow();
        // observed-linux-6.1.md "What changed where": GS.base 0x6b6b6b6b6000 -> 0xffff88800f800000 at swapgs
        assertThat(hit.watch().target().name()).isEqualTo("gs_base");
        assertThat(hit.before().value()).isEqualTo(0x6b6b6b6b6000L);
        assertThat(hit.after().value()).isEqualTo(0xffff88800f800000L);

        Session p = Session.defaults();
        p.addWatch(Target.parse("ptregs.ax").orElseThrow());
        p.goTo("entry.push_regs");
        p.cont();
        assertThat(p.previousPhase().orElseThrow().id()).isEqualTo("entry.push_regs");
        p.cont();
        assertThat(p.previousPhase().orElseThrow().id()).isEqualTo("c.store_ax");
    }

    @Test
    void diffBetweenAnyTwoStepsBothWays() {
        Session s = Session.defaults();
        int a = Runs.before(s, "entry.swapgs");
        int b = Runs.after(s, "entry.push_iret_frame");
        StateDiff forward = s.diff(a, b);
        assertThat(forward.registers()).anySatisfy(r -> {
            assertThat(r.reg()).isEqualTo(Reg.GS_BASE);
            assertThat(r.after().value()).isEqualTo(0xffff88800f800000L); // observed per-CPU base
        });
        assertThat(forward.memory()).anySatisfy(m -> {
            assertThat(m.label()).isEqualTo("pt_regs->ss");
            assertThat(m.after()).isEqualTo(0x2b);
        });
        assertThat(forward.memory()).anySatisfy(m -> assertThat(m.label()).isEqualTo("TSS.sp2"));
        StateDiff backward = s.diff(b, a);
        assertThat(backward.registers()).anySatisfy(r -> {
            assertThat(r.reg()).isEqualTo(Reg.GS_BASE);
            assertThat(r.after().value()).isEqualTo(0x6b6b6b6b6000L); // observed user GS base
        });
        int end = s.endPosition();
        StateDiff whole = s.diff(0, end);
        assertThat(new String(whole.terminal().orElseThrow().after(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    @Test
    void callChainIsTheKernelStackOfFunctions() {
        Session s = Session.defaults();
        s.goTo("c.vfs_write");
        assertThat(s.callChain()).containsExactly("vfs_write", "ksys_write", "__x64_sys_write", "x64_sys_call",
                "do_syscall_x64 [inlined]", "do_syscall_64", "entry_SYSCALL_64");
        Session old = new Session(KernelConfig.defaults().withVersion(KernelVersion.V5_14), UserProgram.seedWrite());
        old.goTo("c.vfs_write");
        assertThat(old.callChain()).doesNotContain("x64_sys_call");
    }

    @Test
    void setupEditsSurviveResetProgramAndConfigChanges() {
        Session s = Session.defaults();
        s.setRegister(Reg.RBX, 0x1111111111111111L);
        s.openFile("/dev/null", Session.OpenMode.WRONLY, 5);
        s.run();
        s.reset();
        assertThat(s.state().cpu().get(Reg.RBX)).isEqualTo(0x1111111111111111L);
        s.configure(KernelConfig.defaults().withVersion(KernelVersion.V7_0));
        assertThat(s.state().cpu().get(Reg.RBX)).isEqualTo(0x1111111111111111L);
        assertThat(s.state().process().fds()).containsKey(5);
        s.setProgram(UserProgram.write(5, "x".getBytes(StandardCharsets.UTF_8), 1));
        s.run();
        assertThat(s.result().orElseThrow().ret()).hasValue(1);
    }

    @Test
    void goToUnknownOrAbsentPhasesAndBadCountsExplainThemselves() {
        Session s = Session.defaults();
        assertThatThrownBy(() -> s.goTo("entry.swapgz")).hasMessageContaining("did you mean 'entry.swapgs'");
        assertThatThrownBy(() -> s.goTo("iret.iretq")).hasMessageContaining("not on this run's path");
        assertThatThrownBy(() -> s.goTo(100_000)).hasMessageContaining("the path ends after step");
        assertThat(s.position()).isZero();
        assertThatThrownBy(() -> s.step(0)).hasMessageContaining("1 or more");
        assertThatThrownBy(() -> s.setRegister(Reg.CS, 0x10)).hasMessageContaining("ptregs.cs");
        assertThatThrownBy(() -> s.setRegister(Reg.RFLAGS, 1L << 40)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> s.setMemory(0xffff888000000000L, new byte[] {1})).hasMessageContaining("not mapped");
        assertThatThrownBy(() -> s.openFile("/dev/null", Session.OpenMode.WRONLY, 1)).hasMessageContaining("already open");
    }

    @Test
    void editsAfterTheEndAreRefused() {
        Session s = Session.defaults();
        s.run();
        assertThatThrownBy(() -> s.setRegister(Reg.RAX, 1)).hasMessageContaining("the path has ended");
    }
}
