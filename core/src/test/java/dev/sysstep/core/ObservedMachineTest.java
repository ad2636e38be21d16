package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 6.1 profile against the values observed on a real 6.1 kernel (observed-linux-6.1.md). */
class ObservedMachineTest {

    private static long kernelInstructions(KernelConfig c) {
        Session s = Runs.run(c, UserProgram.seedWrite());
        List<Step> steps = Runs.steps(s);
        int first = -1;
        int last = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (first < 0 && steps.get(i).insn().text().equals("swapgs")) {
                first = i;
            }
            if (steps.get(i).insn().text().equals("sysretq")) {
                last = i;
            }
        }
        // the whole C part counts as the one call instruction, as in the observation
        return steps.subList(first, last + 1).stream().filter(st -> st.phase().kind() != PhaseKind.C).count();
    }

    @Test
    void kernelInstructionsFromSwapgsToSysretqAre100WithPtiAnd92Without() {
        KernelConfig noPcid = KernelConfig.defaults().withPcid(false);
        assertThat(kernelInstructions(noPcid.withKpti(true))).isEqualTo(100);
        assertThat(kernelInstructions(noPcid.withKpti(false))).isEqualTo(92);
    }

    @Test
    void labelsLandOnTheObservedAddresses() {
        Session s = Runs.run(KernelConfig.defaults().withPcid(false), UserProgram.seedWrite());
        assertThat(s.code().label("entry_SYSCALL_64_safe_stack")).map(l -> s.code().insn(l).address())
                .contains(0xffffffff81c000a9L);
        assertThat(s.code().label("entry_SYSCALL_64_after_hwframe")).map(l -> s.code().insn(l).address())
                .contains(0xffffffff81c000b8L);
        assertThat(s.code().label("syscall_return_via_sysret")).map(l -> s.code().insn(l).address())
                .contains(0xffffffff81c00190L);
        assertThat(s.code().label("entry_SYSRETQ_unsafe_stack")).map(l -> s.code().insn(l).address())
                .contains(0xffffffff81c0021bL);
        assertThat(s.code().label("swapgs_restore_regs_and_return_to_usermode")).map(l -> s.code().insn(l).address())
                .contains(0xffffffff81c01150L);
        assertThat(s.stepAt(Runs.before(s, "user.syscall") + 1).insn().address()).isEqualTo(0x401b27L);
    }

    @Test
    void msrsAreWhatSyscallInitWrote() {
        CpuState c = new Session(KernelConfig.defaults(), UserProgram.seedWrite()).state().cpu();
        assertThat(c.get(Reg.EFER)).isEqualTo(0xd01L);
        assertThat(c.get(Reg.STAR)).isEqualTo(0x0023001000000000L);
        assertThat(c.get(Reg.LSTAR)).isEqualTo(0xffffffff81c00080L);
        assertThat(c.get(Reg.CSTAR)).isZero(); // not written on Intel (reference §3.3)
        assertThat(c.isDefined(Reg.CSTAR)).isTrue();
        assertThat(c.get(Reg.SYSCALL_MASK)).isEqualTo(0x257fd5L);
        assertThat(c.get(Reg.SPEC_CTRL)).isZero();
        assertThat(c.get(Reg.CR4)).isEqualTo(0x1706f0L);
        assertThat(new Session(KernelConfig.defaults().withPcid(false), UserProgram.seedWrite()).state().cpu()
                .get(Reg.CR4)).isEqualTo(0x1506f0L);
    }

    @Test
    void cstarIsUnknownWhereTheKernelWritesEntrySyscallCompat() {
        // AMD, or 5.14 on any CPU: CSTAR = entry_SYSCALL_compat, whose address was not observed
        for (KernelConfig c : new KernelConfig[] {KernelConfig.defaults().withVendor(dev.sysstep.core.cpu.Vendor.AMD),
            KernelConfig.defaults().withVersion(KernelVersion.V5_14)}) {
            assertThat(new Session(c, UserProgram.seedWrite()).state().cpu().isDefined(Reg.CSTAR)).isFalse();
        }
    }

    @Test
    void afterSysretCsSsAndRegistersAreAsObserved() {
        Session s = Runs.run(KernelConfig.defaults().withPcid(false), UserProgram.seedWrite());
        CpuState before = s.state(Runs.before(s, "user.syscall")).cpu();
        CpuState after = Runs.stateAfter(s, "exit.sysretq").cpu();
        assertThat(after.get(Reg.CS)).isEqualTo(0x33);
        assertThat(after.get(Reg.SS)).isEqualTo(0x2b);
        assertThat(after.cpl()).isEqualTo(3);
        assertThat(after.get(Reg.RAX)).isEqualTo(3);
        assertThat(after.get(Reg.RCX)).isEqualTo(0x401b29L);
        assertThat(after.get(Reg.R11)).isEqualTo(before.get(Reg.RFLAGS));
        assertThat(after.get(Reg.RFLAGS)).isEqualTo(before.get(Reg.RFLAGS));
        assertThat(after.get(Reg.CR3)).isEqualTo(0x61d3000L);
        assertThat(after.get(Reg.GS_BASE)).isEqualTo(0x6b6b6b6b6000L);
        for (Reg r : Reg.gprs()) {
            if (r != Reg.RAX && r != Reg.RCX && r != Reg.R11) {
                assertThat(after.get(r)).as(r.label()).isEqualTo(before.get(r));
            }
        }
        assertThat(new String(s.result().orElseThrow().terminal())).isEqualTo("hi\n");
    }

    @Test
    void userCr3WithPcidGetsNoflushUnlessAFlushIsPending() {
        Session s = Runs.run(KernelConfig.defaults(), UserProgram.seedWrite());
        int p = Runs.after(s, "exit.switch_to_user_cr3");
        // observed: writing 0x800000000618f805; CR3 reads back 0x618f805
        assertThat(s.state(p).cpu().get(Reg.CR3)).isEqualTo(0x618f805L);
        assertThat(s.stepAt(p - 1).insn().text()).isEqualTo("mov %rdi, %cr3");
        assertThat(s.state(p - 1).cpu().get(Reg.RDI)).isEqualTo(0x800000000618f805L);

        Session flush = new Session(KernelConfig.defaults(), UserProgram.seedWrite());
        // the flush-mask bit for PCID 5 (reference §1.4, observed %gs:0x31556)
        flush.setMemory(0xffff88800f800000L + 0x31556, new byte[] {1 << 5, 0});
        flush.run();
        int q = Runs.after(flush, "exit.switch_to_user_cr3");
        assertThat(flush.state(q - 1).cpu().get(Reg.RDI)).isEqualTo(0x618f805L);
        assertThat(flush.state(q).cpu().get(Reg.CR3)).isEqualTo(0x618f805L);
        assertThat(Runs.memAt(flush, q, 0xffff88800f831550L) >>> 48).isZero();
    }
}
