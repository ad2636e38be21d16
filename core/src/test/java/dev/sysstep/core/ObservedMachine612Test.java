package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 6.12 profile against what was seen on Debian 13's 6.12.107 kernel (observed-linux-6.12.md) and
 * the source facts of kernel-6.12.md. Every expected value is written out from those files.
 */
class ObservedMachine612Test {
    private static final KernelConfig V612 = KernelConfig.defaults().withVersion(KernelVersion.V6_12);

    /** A write, optionally with TF set in the user's RFLAGS (the observation's second run). */
    private static Session write(KernelConfig c, boolean trapFlag) {
        Session s = new Session(c, UserProgram.seedWrite());
        if (trapFlag) {
            s.setRegister(Reg.RFLAGS, s.state().cpu().get(Reg.RFLAGS) | RFlags.TF);
        }
        s.run();
        return s;
    }

    /** Kernel instructions from the first (endbr64) to sysretq or iretq, counting the C part as the one call. */
    private static long kernelInstructions(Session s) {
        List<Step> steps = Runs.steps(s);
        int first = -1;
        int last = -1;
        for (int i = 0; i < steps.size(); i++) {
            String t = steps.get(i).insn().text();
            if (first < 0 && t.equals("endbr64")) {
                first = i;
            }
            if (t.equals("sysretq") || t.equals("iretq")) {
                last = i;
            }
        }
        return steps.subList(first, last + 1).stream().filter(st -> st.phase().kind() != PhaseKind.C).count();
    }

    @Test
    void instructionCountsAreTheObservedOnes() {
        // observed-linux-6.12.md, "What changed where", last item; kernel-6.12.md §2.4 and §5.3
        KernelConfig noPcid = V612.withPcid(false);
        assertThat(kernelInstructions(write(noPcid.withKpti(true), false))).as("SYSRET, pti=on").isEqualTo(83);
        assertThat(kernelInstructions(write(noPcid.withKpti(false), false))).as("SYSRET, pti=off").isEqualTo(73);
        assertThat(kernelInstructions(write(V612.withKpti(true).withPcid(true), false))).as("SYSRET, PCID").isEqualTo(90);
        assertThat(kernelInstructions(write(noPcid.withKpti(true), true))).as("IRET, pti=on").isEqualTo(92);
        assertThat(kernelInstructions(write(noPcid.withKpti(false), true))).as("IRET, pti=off").isEqualTo(74);
        assertThat(kernelInstructions(write(V612.withKpti(true).withPcid(true), true))).as("IRET, PCID").isEqualTo(99);
    }

    private static long addressOf(Session s, String label) {
        return s.code().label(label).map(l -> s.code().insn(l).address()).orElseThrow();
    }

    private static long addressOfFirst(Session s, String text) {
        return Runs.steps(s).stream().filter(st -> st.insn().text().startsWith(text)).findFirst().orElseThrow()
                .insn().address();
    }

    @Test
    void codeLandsOnTheObservedAddresses() {
        // observed-linux-6.12.md, "Addresses"
        Session s = write(V612.withPcid(false), false);
        assertThat(addressOf(s, "entry_SYSCALL_64")).isEqualTo(0xffffffff81e00080L);
        assertThat(addressOf(s, "entry_SYSCALL_64_safe_stack")).isEqualTo(0xffffffff81e000abL);
        assertThat(addressOf(s, "entry_SYSCALL_64_after_hwframe")).isEqualTo(0xffffffff81e000b9L);
        assertThat(addressOfFirst(s, "call do_syscall_64")).isEqualTo(0xffffffff81e0012aL);
        assertThat(addressOfFirst(s, "testb %al, %al")).isEqualTo(0xffffffff81e0012fL);
        assertThat(addressOfFirst(s, "jz swapgs_restore")).isEqualTo(0xffffffff81e00131L);
        assertThat(addressOf(s, "syscall_return_via_sysret")).isEqualTo(0xffffffff81e00137L);
        assertThat(addressOf(s, "entry_SYSRETQ_unsafe_stack")).isEqualTo(0xffffffff81e001beL);
        assertThat(addressOfFirst(s, "verw")).isEqualTo(0xffffffff81e001c1L);
        assertThat(addressOfFirst(s, "sysretq")).isEqualTo(0xffffffff81e001c8L);
        assertThat(addressOf(s, "swapgs_restore_regs_and_return_to_usermode")).isEqualTo(0xffffffff81e01830L);
        assertThat(s.code().phaseById("c.do_syscall_64")).isPresent();
        assertThat(s.stepAt(Runs.before(s, "entry.call_do_syscall_64") + 1).after().get(Reg.RIP))
                .isEqualTo(0xffffffff81cfe3e0L); // do_syscall_64
        Session iret = write(V612.withPcid(false), true);
        assertThat(addressOfFirst(iret, "iretq")).isEqualTo(0xffffffff81e01928L); // native_irq_return_iret
    }

    @Test
    void perCpuOperandsAreRipRelativeAndResolveToTheObservedOffsets() {
        // observed-linux-6.12.md: mov %rsp,%gs:0x7e205f85(%rip) is %gs:0x6014; mov %gs:0x7e23512d(%rip),%rsp is %gs:0x351d8
        Session s = write(V612, false);
        Step store = s.stepAt(Runs.before(s, "entry.save_user_rsp") + 1);
        assertThat(store.insn().text()).contains("%gs:0x7e205f85(%rip)");
        assertThat(store.writes().get(0).address()).isEqualTo(0xffff88800f800000L + 0x6014);
        Step load = s.stepAt(Runs.before(s, "entry.load_kernel_stack") + 1);
        assertThat(load.insn().text()).contains("%gs:0x7e23512d(%rip)");
        assertThat(load.after().get(Reg.RSP)).isEqualTo(0xffffc90000014000L); // task stack top (QEMU)
        assertThat(s.stepAt(Runs.before(s, "entry.call_do_syscall_64")).after().get(Reg.RSP))
                .isEqualTo(0xffffc90000013f58L); // pt_regs
    }

    @Test
    void msrsAndControlRegistersAreTheObservedOnes() {
        // observed-linux-6.12.md, "MSRs and control registers"
        CpuState pcid = new Session(V612, UserProgram.seedWrite()).state().cpu();
        assertThat(pcid.get(Reg.LSTAR)).isEqualTo(0xffffffff81e00080L);
        assertThat(pcid.get(Reg.EFER)).isEqualTo(0xd01L);
        assertThat(pcid.get(Reg.CR4)).isEqualTo(0x1706f0L);
        assertThat(pcid.get(Reg.STAR)).isEqualTo(0x0023001000000000L); // as on 6.1
        assertThat(pcid.get(Reg.SYSCALL_MASK)).isEqualTo(0x257fd5L);
        assertThat(new Session(V612.withPcid(false), UserProgram.seedWrite()).state().cpu().get(Reg.CR4))
                .isEqualTo(0x1506f0L);
    }

    @Test
    void cr3GoesToTheKernelHalfAndBackAsObserved() {
        // observed-linux-6.12.md, "What changed where": 0x534f000 -> 0x534e000 and back; with PCID 0x52bd804 ->
        // 0x52bc004 and back, the exit's bt on %gs:0x35296
        Session s = write(V612.withPcid(false).withKpti(true), false);
        assertThat(Runs.stateAfter(s, "entry.switch_to_kernel_cr3").cpu().get(Reg.CR3)).isEqualTo(0x534e000L);
        assertThat(Runs.stateAfter(s, "exit.switch_to_user_cr3").cpu().get(Reg.CR3)).isEqualTo(0x534f000L);
        Session p = write(V612.withPcid(true).withKpti(true), false);
        assertThat(Runs.stateAfter(p, "entry.switch_to_kernel_cr3").cpu().get(Reg.CR3)).isEqualTo(0x52bc004L);
        assertThat(Runs.stateAfter(p, "exit.switch_to_user_cr3").cpu().get(Reg.CR3)).isEqualTo(0x52bd804L);
        assertThat(Runs.steps(p).stream().anyMatch(st -> st.insn().text().startsWith("btq %rdi, %gs:")
                && st.insn().comment().contains("%gs:0x35296"))).isTrue();
        Session off = write(V612.withKpti(false), false);
        assertThat(Runs.steps(off).stream().noneMatch(st -> st.after().get(Reg.CR3) != st.before().get(Reg.CR3)))
                .isTrue();
    }

    @Test
    void theBoolInAlDecidesTheExitAndTheRestOfRaxIsUnknown() {
        // observed-linux-6.12.md: AL = 1 for the plain write and 0 with TF; the upper bits are C leftovers
        Session s = write(V612, false);
        CpuState back = Runs.stateAfter(s, "c.return").cpu();
        assertThat(back.get(Reg.RAX) & 0xff).isEqualTo(1);
        assertThat(back.undefinedBits(Reg.RAX)).isEqualTo(~0xffL);
        Session tf = write(V612, true);
        assertThat(Runs.stateAfter(tf, "c.return").cpu().get(Reg.RAX) & 0xff).isZero();
        assertThat(Runs.onPath(tf, "iret.iretq")).isTrue();
    }

    @Test
    void aUserTrapFlagReturnsThroughIretWithTfSetAndSaysADebugTrapFollows() {
        // observed-linux-6.12.md, "IRET exit with TF set": RFLAGS after iretq is the user's, TF included;
        // RCX = the return address and R11 = the RFLAGS SYSCALL saved, both from pt_regs
        for (boolean pti : new boolean[] {true, false}) {
            Session s = write(V612.withPcid(false).withKpti(pti), true);
            CpuState before = s.state(Runs.before(s, "user.syscall")).cpu();
            CpuState end = Runs.stateAfter(s, "iret.iretq").cpu();
            assertThat(end.get(Reg.RFLAGS)).isEqualTo(before.get(Reg.RFLAGS));
            assertThat(end.get(Reg.RFLAGS) & RFlags.TF).isNotZero();
            assertThat(end.get(Reg.RCX)).isEqualTo(0x401b29L);
            assertThat(end.get(Reg.R11)).isEqualTo(before.get(Reg.RFLAGS));
            assertThat(end.get(Reg.CS)).isEqualTo(0x33);
            assertThat(end.get(Reg.CR3)).isEqualTo(pti ? 0x534f000L : before.get(Reg.CR3));
            assertThat(Runs.onPath(s, "iret.switch_to_trampoline")).isEqualTo(pti); // kernel-6.12.md §5.1, §5.2
            Outcome o = s.result().orElseThrow().outcome();
            assertThat(o.kind()).isEqualTo(Outcome.Kind.IRET);
            assertThat(o.description()).contains("#DB");
        }
    }

    @Test
    void theIretExitTestsRpl3AndEspfixUnconditionally() {
        // kernel-6.12.md §5.1 steps 8-9: testb $3,8(%rsp); jnz; testb $4,0x20(%rsp); jnz (not taken)
        Session s = write(V612.withKpti(false), true);
        List<String> texts = Runs.steps(s).stream().map(st -> st.insn().text()).toList();
        assertThat(texts).containsSubsequence("swapgs", "verw x86_verw_sel(%rip)", "testb $3, 0x8(%rsp)",
                "jnz .Lnative_iret", "testb $4, 0x20(%rsp)", "jnz native_irq_return_ldt", "iretq");
    }
}
