package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * entry_SYSCALL_64 up to the call into C, phase by phase, for each profile (reference §1.1, §2, §4.1).
 * Expected values are the reference's and the observed machines', written out.
 */
class EntryPathTest {
    private static final long USER_RFLAGS = 0x246;
    /** The user RSP of the observed 6.1 test program (observed-linux-6.1.md, "Addresses"). */
    private static final long USER_RSP = 0x427000L;
    /** The instruction after the user's syscall (observed-linux-6.1.md: syscall at 0x401b27). */
    private static final long AFTER_SYSCALL = 0x401b29L;
    private static final long[] USER = {
        /* rax */ 1, /* rcx */ 0xc0c0c0c0c0c0c0c0L, /* rdx */ 3, /* rbx */ 0x1111111111111111L,
        /* rsp */ USER_RSP, /* rbp */ 0x5555555555555555L, /* rsi */ 0x47cfc4L, /* rdi */ 1,
        /* r8 */ 0x8888888888888888L, /* r9 */ 0x9999999999999999L, /* r10 */ 0x1010101010101010L,
        /* r11 */ 0xb1b1b1b1b1b1b1b1L, /* r12 */ 0x1212121212121212L, /* r13 */ 0x1313131313131313L,
        /* r14 */ 0x1414141414141414L, /* r15 */ 0x1515151515151515L};

    /** A bare syscall with every register set: each pt_regs slot can be traced to one register. */
    static Session bareWrite(KernelConfig c) {
        Session s = new Session(c, UserProgram.bare());
        Reg[] gprs = Reg.gprs();
        for (int i = 0; i < 16; i++) {
            s.setRegister(gprs[i], USER[i]);
        }
        s.setRegister(Reg.RFLAGS, USER_RFLAGS);
        return s;
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void syscallFollowsTheSdm(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        CpuState before = s.state(Runs.before(s, "user.syscall")).cpu();
        CpuState after = Runs.stateAfter(s, "user.syscall").cpu();
        // reference §4.1: RCX = next RIP, R11 = RFLAGS with RF clear, RFLAGS &= ~FMASK, CS/SS from STAR, CPL 0
        assertThat(after.get(Reg.RCX)).isEqualTo(AFTER_SYSCALL);
        assertThat(after.get(Reg.R11)).isEqualTo(USER_RFLAGS);
        assertThat(after.get(Reg.RFLAGS)).isEqualTo(0x2L); // observed: RFLAGS = 0x2 after SYSCALL
        assertThat(after.get(Reg.CS)).isEqualTo(0x10);
        assertThat(after.get(Reg.SS)).isEqualTo(0x18);
        assertThat(after.cpl()).isZero();
        assertThat(after.get(Reg.RIP)).isEqualTo(Observed.of(v).lstar()); // IA32_LSTAR, as observed
        // things SYSCALL does not change
        for (Reg r : new Reg[] {Reg.RSP, Reg.GS_BASE, Reg.FS_BASE, Reg.CR3, Reg.KERNEL_GS_BASE, Reg.RAX, Reg.RDI}) {
            assertThat(after.get(r)).as(r.label()).isEqualTo(before.get(r));
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void swapgsExchangesGsBaseWithKernelGsBase(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        CpuState before = s.state(Runs.before(s, "entry.swapgs")).cpu();
        CpuState after = Runs.stateAfter(s, "entry.swapgs").cpu();
        // reference §4.3 / observed: GS.base 0x6b6b6b6b6000 -> 0xffff88800f800000
        assertThat(after.get(Reg.GS_BASE)).isEqualTo(before.get(Reg.KERNEL_GS_BASE)).isEqualTo(0xffff88800f800000L);
        assertThat(after.get(Reg.KERNEL_GS_BASE)).isEqualTo(before.get(Reg.GS_BASE)).isEqualTo(0x6b6b6b6b6000L);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void userRspIsParkedInTssSp2(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        int p = Runs.after(s, "entry.save_user_rsp");
        // reference §1.1 E2: TSS.sp2 at %gs:0x6014 (observed) holds the user RSP
        assertThat(Runs.memAt(s, p, 0xffff88800f800000L + 0x6014)).isEqualTo(USER_RSP);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void kernelCr3WithPcidIsWrittenWithNoflushAndReadsBackWithout(KernelVersion v) {
        Session s = bareWrite(Runs.config(v).withKpti(true).withPcid(true));
        int p = Runs.after(s, "entry.switch_to_kernel_cr3");
        CpuState c = s.state(p).cpu();
        // observed with PCID: 6.1 user 0x618f805 -> kernel 0x618e005, value written 0x800000000618e005 (reference
        // §1.4); 6.12 0x52bd804 -> 0x52bc004 (observed-linux-6.12.md, "What changed where")
        Observed o = Observed.of(v);
        assertThat(s.state(Runs.before(s, "entry.switch_to_kernel_cr3")).cpu().get(Reg.CR3)).isEqualTo(o.cr3UserPcid());
        assertThat(c.get(Reg.CR3)).isEqualTo(o.cr3KernelPcid());
        assertThat(c.get(Reg.RSP)).isEqualTo(0x8000000000000000L | o.cr3KernelPcid());
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void kernelCr3WithoutPcidClearsOnlyBit12(KernelVersion v) {
        Session s = bareWrite(Runs.config(v).withKpti(true).withPcid(false));
        int p = Runs.after(s, "entry.switch_to_kernel_cr3");
        // observed without PCID: 0x61d3000 -> 0x61d2000 (6.1), 0x534f000 -> 0x534e000 (6.12) at mov %rsp,%cr3
        assertThat(s.state(p).cpu().get(Reg.CR3)).isEqualTo(Observed.of(v).cr3Kernel());
        assertThat(s.state(p).cpu().get(Reg.RSP)).isEqualTo(Observed.of(v).cr3Kernel());
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void withoutKptiNoCr3WriteRuns(KernelVersion v) {
        Session s = bareWrite(Runs.config(v).withKpti(false));
        int from = Runs.before(s, "entry.switch_to_kernel_cr3");
        int to = Runs.after(s, "entry.switch_to_kernel_cr3");
        assertThat(to - from).isEqualTo(1); // a single patched-in JMP
        assertThat(s.stepAt(to).fellThrough()).isFalse(); // it jumped over the CR3 block
        assertThat(s.state(to).cpu().get(Reg.CR3)).isEqualTo(s.state(from).cpu().get(Reg.CR3));
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void kernelStackTopComesFromCpuCurrentTopOfStack(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        long rsp = Runs.stateAfter(s, "entry.load_kernel_stack").cpu().get(Reg.RSP);
        // observed 0xffffc90000014000 on 6.1 and 6.12; 7.0 keeps 16 bytes of FRED padding (reference §1.5)
        assertThat(rsp).isEqualTo(0xffffc90000014000L - Observed.stackPadding(v));
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void ptRegsAtTheCallHoldWhatReferenceSection21Says(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        int p = Runs.before(s, "entry.call_do_syscall_64");
        // observed pt_regs at 0xffffc90000013f58; 16 bytes lower with 7.0's FRED padding (reference §1.5, §2.1)
        long regs = Observed.ptRegs(v);
        assertThat(s.state(p).cpu().get(Reg.RSP)).isEqualTo(regs);
        long[] expected = {
            USER[15], USER[14], USER[13], USER[12], USER[5], USER[3],
            USER_RFLAGS,                 // r11 slot: the user RFLAGS SYSCALL put in R11
            USER[10], USER[9], USER[8],
            -38,                         // ax = -ENOSYS
            AFTER_SYSCALL,               // cx = the return RIP
            USER[2], USER[6], USER[7],
            USER[0],                     // orig_ax = full RAX
            AFTER_SYSCALL, 0x33, USER_RFLAGS, USER_RSP, 0x2b};
        for (int i = 0; i < PtRegs.FIELDS.size(); i++) {
            PtRegs.Field f = PtRegs.FIELDS.get(i);
            assertThat(Runs.memAt(s, p, regs + f.offset())).as(f.label()).isEqualTo(expected[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void clearRegsZeroesPerVersion(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        CpuState c = Runs.stateAfter(s, "entry.clear_regs").cpu();
        for (Reg r : new Reg[] {Reg.RDX, Reg.RCX, Reg.R8, Reg.R9, Reg.R10, Reg.R11, Reg.RBX, Reg.RBP,
            Reg.R12, Reg.R13, Reg.R14, Reg.R15}) {
            assertThat(c.get(r)).as(r.label()).isZero();
        }
        // reference §2.3: 5.14 leaves RSI; 6.1 and later clear it; RAX and RDI are never cleared
        assertThat(c.get(Reg.RSI)).isEqualTo(v == KernelVersion.V5_14 ? USER[6] : 0);
        assertThat(c.get(Reg.RAX)).isEqualTo(USER[0]);
        assertThat(c.get(Reg.RDI)).isEqualTo(USER[7]);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void cArgumentsAreRegsAndTheSignExtendedNumber(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        s.setRegister(Reg.RAX, 0xdeadbeef_80000001L);
        CpuState c = Runs.stateAfter(s, "entry.c_args").cpu();
        assertThat(c.get(Reg.RDI)).isEqualTo(Observed.ptRegs(v));
        // reference §1.1 E13, §8.3: movslq %eax, %rsi
        assertThat(c.get(Reg.RSI)).isEqualTo(0xffffffff_80000001L);
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void versionSpecificPhasesAreThereOrNot(KernelVersion v) {
        Session s = bareWrite(Runs.config(v));
        boolean mitigations = v != KernelVersion.V5_14;
        assertThat(Runs.onPath(s, "entry.ibrs_enter")).isEqualTo(mitigations);
        assertThat(Runs.onPath(s, "entry.untrain_ret")).isEqualTo(mitigations);
        assertThat(Runs.onPath(s, "entry.clear_branch_history")).isEqualTo(mitigations);
        assertThat(Runs.onPath(s, "exit.check.rcx_eq_rip")).isEqualTo(!Observed.sysretChecksInC(v));
        assertThat(Runs.onPath(s, "exit.check.ip_task_size")).isEqualTo(Observed.sysretChecksInC(v));
        // 6.12 and 7.0 are IBT builds: endbr64 first (observed-linux-6.12.md, "Build"; reference §1.1 E0)
        assertThat(Runs.onPath(s, "entry.endbr64")).isEqualTo(v == KernelVersion.V6_12 || v == KernelVersion.V7_0);
        assertThat(Runs.onPath(s, "exit.clear_cpu_buffers")).isEqualTo(mitigations);
    }
}
