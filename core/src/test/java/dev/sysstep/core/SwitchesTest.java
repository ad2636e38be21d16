package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every switch on every profile, and what each switch does to the machine (product.md §2, reference
 * §1): the CR3 values, RFLAGS, IA32_SPEC_CTRL and the stores, not the text of the instructions.
 */
class SwitchesTest {

    @Test
    void theSeedWriteWorksOnEveryProfileAndSwitchCombination() {
        for (KernelConfig c : Runs.allSwitchCombinations()) {
            Session s = Runs.run(c, UserProgram.seedWrite());
            assertThat(s.result().orElseThrow().outcome().kind()).as(c.toString()).isEqualTo(Outcome.Kind.SYSRET);
            assertThat(s.result().orElseThrow().ret()).as(c.toString()).hasValue(3);
            assertThat(new String(s.result().orElseThrow().terminal(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
            assertThat(s.state().cpu().get(Reg.CR3)).isEqualTo(s.state(0).cpu().get(Reg.CR3));
        }
    }

    @Test
    void ibtPutsEndbr64AtTheEntryAndDefaultsToTheProfilesBuild() {
        // reference §1.1 E0: ENDBR assembles to endbr64 with CONFIG_X86_KERNEL_IBT; observed-linux-6.12.md "Build":
        // the 6.12 build has it; the observed 6.1 build has none (its LSTAR points at swapgs)
        for (KernelVersion v : KernelVersion.values()) {
            for (KernelConfig.Choice ibt : KernelConfig.Choice.values()) {
                KernelConfig c = Runs.config(v).withIbt(ibt);
                Session s = Runs.run(c, UserProgram.seedWrite());
                Step first = s.stepAt(Runs.before(s, "user.syscall") + 2);
                boolean on = ibt == KernelConfig.Choice.ON
                        || ibt == KernelConfig.Choice.AUTO && (v == KernelVersion.V6_12 || v == KernelVersion.V7_0);
                assertThat(first.insn().text()).as(v.label() + " ibt " + ibt).isEqualTo(on ? "endbr64" : "swapgs");
                assertThat(first.insn().address()).isEqualTo(Observed.of(v).lstar());
                assertThat(c.ibt()).isEqualTo(on);
            }
        }
    }

    /** The CR3 values the run switched to, in order. */
    private static List<Long> cr3Writes(Session s) {
        List<Long> out = new ArrayList<>();
        for (Step st : Runs.steps(s)) {
            if (st.after().get(Reg.CR3) != st.before().get(Reg.CR3)) {
                out.add(st.after().get(Reg.CR3));
            }
        }
        return out;
    }

    @Test
    void kptiSwitchesToTheKernelHalfOfThePgdAndBackAndWithoutItCr3NeverChanges() {
        for (KernelVersion v : KernelVersion.values()) {
            assertThat(cr3Writes(Runs.run(Runs.config(v).withKpti(false), UserProgram.seedWrite()))).isEmpty();
            // reference §1.4: bit 12 selects the user half of the 8 KiB PTI PGD; observed 0x61d3000 <-> 0x61d2000
            // on 6.1, 0x534f000 <-> 0x534e000 on 6.12
            List<Long> on = cr3Writes(Runs.run(Runs.config(v).withKpti(true).withPcid(false), UserProgram.seedWrite()));
            assertThat(on).as(v.label()).containsExactly(Observed.of(v).cr3Kernel(), Observed.of(v).cr3User());
        }
    }

    @Test
    void pcidWritesTheKernelCr3WithNoflushAndHonoursAPendingUserFlush() {
        // reference §1.4, §8.15: the kernel CR3 is written with bit 63 (observed value 0x800000000618e005)
        Session on = Runs.run(KernelConfig.defaults().withPcid(true), UserProgram.seedWrite());
        int p = Runs.after(on, "entry.switch_to_kernel_cr3");
        assertThat(on.state(p).cpu().get(Reg.RSP)).isEqualTo(0x800000000618e005L);
        Session off = Runs.run(KernelConfig.defaults().withPcid(false), UserProgram.seedWrite());
        int q = Runs.after(off, "entry.switch_to_kernel_cr3");
        assertThat(off.state(q).cpu().get(Reg.RSP)).isEqualTo(0x61d2000L);

        // a pending flush for PCID 5 (bit 5 of cpu_tlbstate.user_pcid_flush_mask, observed at %gs:0x31556) is consumed
        long mask = 0xffff88800f800000L + 0x31556;
        Session flush = new Session(KernelConfig.defaults().withPcid(true), UserProgram.seedWrite());
        flush.setMemory(mask, new byte[] {1 << 5, 0});
        flush.run();
        assertThat(flush.memory().read(mask, 1)[0]).isZero();
        Session noPcid = new Session(KernelConfig.defaults().withPcid(false), UserProgram.seedWrite());
        noPcid.setMemory(mask, new byte[] {1 << 5, 0});
        noPcid.run();
        assertThat(noPcid.memory().read(mask, 1)[0]).isEqualTo((byte) (1 << 5));
    }

    private static CpuState after(KernelConfig c, String phase) {
        return Runs.stateAfter(Runs.run(c, UserProgram.seedWrite()), phase).cpu();
    }

    @Test
    void verwSetsZfOnlyWhereTheMitigationIsOn() {
        // VERW on __KERNEL_DS sets ZF (SDM VERW; kernel-6.12.md §2.3); the orq before it leaves ZF clear
        KernelConfig intel = KernelConfig.defaults().withPcid(false);
        assertThat(intel.mitigations()).containsExactly(Mitigation.VERW);
        assertThat(after(intel, "exit.clear_cpu_buffers").get(Reg.RFLAGS) & RFlags.ZF).isNotZero();
        assertThat(after(intel.withMitigations(false).withKpti(true), "exit.clear_cpu_buffers").get(Reg.RFLAGS)
                & RFlags.ZF).isZero();
        assertThat(after(intel.withVendor(Vendor.AMD).withKpti(true), "exit.clear_cpu_buffers").get(Reg.RFLAGS)
                & RFlags.ZF).isZero();
    }

    @Test
    void ibrsTurnsSpecCtrlIbrsOnForTheKernelAndOffAgain() {
        KernelConfig ibrs = KernelConfig.defaults().withMitigation(Mitigation.IBRS, true);
        Session s = Runs.run(ibrs, UserProgram.seedWrite());
        assertThat(Runs.stateAfter(s, "entry.ibrs_enter").cpu().get(Reg.SPEC_CTRL)).isEqualTo(1); // SPEC_CTRL_IBRS, §3.2
        assertThat(s.state().cpu().get(Reg.SPEC_CTRL)).isZero();
        assertThat(Runs.steps(Runs.run(KernelConfig.defaults(), UserProgram.seedWrite()))
                .stream().allMatch(st -> st.after().get(Reg.SPEC_CTRL) == 0)).isTrue();
    }

    @Test
    void bhiAndUntrainRetRunCodeThatLeavesRegistersUnknown() {
        // clear_bhb_loop and entry_untrain_ret are not simulated instruction by instruction: what they clobber is unknown
        assertThat(after(KernelConfig.defaults().withMitigation(Mitigation.BHI, true), "entry.clear_branch_history")
                .isDefined(Reg.RAX)).isFalse();
        assertThat(after(KernelConfig.defaults(), "entry.clear_branch_history").isDefined(Reg.RAX)).isTrue();
        KernelConfig amd = KernelConfig.defaults().withVendor(Vendor.AMD);
        assertThat(amd.mitigations()).containsExactly(Mitigation.UNTRAIN_RET);
        assertThat(after(amd, "entry.untrain_ret").undefinedBits(Reg.RFLAGS)).isEqualTo(RFlags.ARITH);
        assertThat(after(KernelConfig.defaults(), "entry.untrain_ret").undefinedBits(Reg.RFLAGS)).isZero();
    }

    @Test
    void stackleakSavesEveryRegisterOnTheTrampolineStackAndRestoresThem() {
        Session s = Runs.run(KernelConfig.defaults().withStackleak(true), UserProgram.seedWrite());
        int from = Runs.before(s, "exit.stackleak");
        int to = Runs.after(s, "exit.stackleak");
        long pushes = 0;
        for (int n = from + 1; n <= to; n++) {
            for (MemWrite w : s.stepAt(n).writes()) {
                // the entry (trampoline) stack is the 4 KiB below TSS.sp0 = 0xfffffe0000003000 (observed)
                if (w.kind() == MemWrite.Kind.PUSH && w.address() >= 0xfffffe0000002000L && w.address() < 0xfffffe0000003000L) {
                    pushes++;
                }
            }
        }
        assertThat(pushes).isEqualTo(15);
        for (Reg r : new Reg[] {Reg.RAX, Reg.RBX, Reg.RDX, Reg.RSI, Reg.R12, Reg.RSP}) {
            assertThat(s.state(to).cpu().get(r)).as(r.label()).isEqualTo(s.state(from).cpu().get(r));
        }
        assertThat(s.result().orElseThrow().ret()).hasValue(3);
        assertThat(Runs.onPath(Runs.run(KernelConfig.defaults(), UserProgram.seedWrite()), "exit.stackleak")).isFalse();
    }

    @Test
    void fiveFourteenPopsTheR11AndCxSlotsIntoRsiAndKeepsRcxAndR11FromTheChecks() {
        // reference §1.2 R10: POP_REGS pop_rdi=0 skip_r11rcx=1 in 5.14
        Session s = Runs.run(Runs.config(KernelVersion.V5_14), UserProgram.seedWrite());
        int from = Runs.before(s, "exit.pop_regs");
        int to = Runs.after(s, "exit.pop_regs");
        assertThat(s.state(to).cpu().get(Reg.RCX)).isEqualTo(s.state(from).cpu().get(Reg.RCX)).isEqualTo(0x401b29L);
        assertThat(s.state(to).cpu().get(Reg.R11)).isEqualTo(s.state(from).cpu().get(Reg.R11)).isEqualTo(0x246L);
        assertThat(s.state(to).cpu().get(Reg.RSI)).isEqualTo(0x47cfc4L); // pt_regs->si: the buffer
        Session s61 = Runs.run(Runs.config(KernelVersion.V6_1), UserProgram.seedWrite());
        int f61 = Runs.before(s61, "exit.pop_regs");
        // 6.1 pops them for real: RCX and R11 were already right, so only a write event tells them apart
        long writesOfRcx = 0;
        for (int n = f61 + 1; n <= Runs.after(s61, "exit.pop_regs"); n++) {
            if (s61.stepAt(n).pops().stream().anyMatch(p -> p.label().equals("pt_regs->cx"))
                    && s61.stepAt(n).after().get(Reg.RCX) == 0x401b29L) {
                writesOfRcx++;
            }
        }
        assertThat(writesOfRcx).isEqualTo(1);
    }
}
