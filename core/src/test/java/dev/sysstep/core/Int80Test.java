package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.SyscallResult;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** int $0x80 from a 64-bit process, against kernel-other-entries.md §2. */
class Int80Test {
    /** The observed machine (observed-linux-6.1.md): TSS.sp0, the task's pt_regs, the user RSP. */
    private static final long SP0 = 0xfffffe0000003000L;
    private static final long PT_REGS = 0xffffc90000013f58L;
    private static final long USER_RSP = 0x427000L;

    static UserProgram int80Write(long buf) {
        return UserProgram.via(Entry.INT80, 4, List.of(UserProgram.Arg.of(1), UserProgram.Arg.of(buf),
                UserProgram.Arg.of(3)), null);
    }

    static UserProgram int80Hi() {
        return UserProgram.via(Entry.INT80, 4, List.of(UserProgram.Arg.of(1), new UserProgram.Arg(0, true),
                UserProgram.Arg.of(3)), "hi\n".getBytes(StandardCharsets.UTF_8));
    }

    private static Session at(KernelConfig c, UserProgram p, String phase) {
        Session s = new Session(c, p);
        s.goTo(phase);
        return s;
    }

    @Test
    void theCpuPushesFiveWordsOnTheEntryStackThroughADpl3InterruptGate() {
        // §2.2: RSP <- TSS.RSP0 aligned; SS, RSP, RFLAGS, CS, RIP of the next instruction; TF NT RF VM IF cleared
        Session s = at(KernelConfig.defaults(), int80Hi(), "user.int80");
        CpuState before = s.state().cpu();
        s.stepi(1);
        CpuState after = s.state().cpu();
        assertThat(after.get(Reg.RSP)).isEqualTo(SP0 - 5 * 8);
        assertThat(s.memory().read64(SP0 - 8)).as("SS").isEqualTo(0x2b);
        assertThat(s.memory().read64(SP0 - 16)).as("RSP").isEqualTo(USER_RSP);
        assertThat(s.memory().read64(SP0 - 24)).as("RFLAGS").isEqualTo(before.get(Reg.RFLAGS));
        assertThat(s.memory().read64(SP0 - 32)).as("CS of a 64-bit caller").isEqualTo(0x33);
        assertThat(s.memory().read64(SP0 - 40)).as("RIP after the 2-byte int $0x80").isEqualTo(0x401b29L);
        assertThat(after.get(Reg.CS)).isEqualTo(0x10);
        assertThat(after.get(Reg.SS)).as("a privilege change loads a NULL SS").isEqualTo(0);
        assertThat(after.cpl()).isZero();
        assertThat(after.get(Reg.RFLAGS) & (RFlags.IF | RFlags.TF | RFlags.NT | RFlags.RF)).isZero();
        assertThat(after.get(Reg.GS_BASE)).as("GS is not swapped by the CPU").isEqualTo(before.get(Reg.GS_BASE));
        assertThat(after.get(Reg.CR3)).as("nor CR3").isEqualTo(before.get(Reg.CR3));
        for (Reg g : Reg.gprs()) {
            if (g != Reg.RSP) {
                assertThat(after.get(g)).as(g.label()).isEqualTo(before.get(g));
            }
        }
    }

    @Test
    void errorEntrySavesTheRegistersOnTheEntryStackAndSyncRegsCopiesThemToTheTaskStack() {
        // §2.3: pt_regs on the entry stack at sp0 - 168 = 0xfffffe0000002f58, the return address above at ...2f50;
        // sync_regs copies the 168 bytes to task_pt_regs and returns it in RAX
        Session s = at(KernelConfig.defaults(), int80Hi(), "error_entry.clear_regs");
        assertThat(s.state().cpu().get(Reg.RSP)).isEqualTo(0xfffffe0000002f50L);
        long eregs = 0xfffffe0000002f58L;
        assertThat(s.memory().read64(eregs + 0x50)).as("ax = the user's full RAX, no -ENOSYS yet").isEqualTo(4);
        assertThat(s.memory().read64(eregs + 0x78)).as("orig_ax = -1 from the stub").isEqualTo(-1L);
        assertThat(s.memory().read64(eregs + 0x58)).as("cx = the user's RCX").isEqualTo(0x47cfc4L);
        s.goTo("error_entry.ret");
        assertThat(s.state().cpu().get(Reg.RAX)).isEqualTo(PT_REGS);
        for (int off = 0; off < 168; off += 8) {
            assertThat(s.memory().read64(PT_REGS + off)).as("pt_regs + 0x%x", off).isEqualTo(s.memory().read64(eregs + off));
        }
        assertThat(s.state().cpu().get(Reg.GS_BASE)).as("swapgs ran").isEqualTo(0xffff88800f800000L);
    }

    @Test
    void doInt80EmulationZeroExtendsTheNumberIntoOrigAxAndSetsTsCompat() {
        // §2.4 steps 4-5: orig_ax = ax & 0xffffffff, ax = -ENOSYS, TS_COMPAT set
        Session s = new Session(KernelConfig.defaults(), UserProgram.bareVia(Entry.INT80));
        s.setRegister(Reg.RAX, 0xabcd000000000014L); // 20 = getpid in the i386 table
        s.goTo("c.syscall_32_enter");
        assertThat(s.memory().read64(PT_REGS + 0x78)).isEqualTo(0x14);
        assertThat(s.memory().read64(PT_REGS + 0x50)).isEqualTo(-38L);
        s.stepi(1);
        assertThat(s.state().locals().get(Local.TS_COMPAT)).contains(true);
        s.run();
        assertThat(s.state().cpu().get(Reg.RAX)).as("getpid through the i386 number 20").isEqualTo(4242);
        assertThat(s.state().locals().get(Local.TS_COMPAT)).as("cleared on the way out").contains(false);
    }

    @Test
    void rcxAndR11SurviveIntX80ButNotSyscall() {
        // §2.6: after IRET every GPR is the user's except RAX; SYSCALL leaves the return RIP in RCX and RFLAGS in R11
        for (Entry e : new Entry[] {Entry.INT80, Entry.SYSCALL}) {
            Session s = new Session(KernelConfig.defaults(), e == Entry.INT80 ? UserProgram.bareVia(e) : UserProgram.bare());
            s.setRegister(Reg.RAX, e == Entry.INT80 ? 20 : 39);
            s.setRegister(Reg.RCX, 0x1111L);
            s.setRegister(Reg.R11, 0x2222L);
            s.run();
            CpuState after = s.state().cpu();
            assertThat(s.result().orElseThrow().outcome().kind()).isIn(Outcome.Kind.IRET, Outcome.Kind.SYSRET);
            if (e == Entry.INT80) {
                assertThat(after.get(Reg.RCX)).isEqualTo(0x1111L);
                assertThat(after.get(Reg.R11)).isEqualTo(0x2222L);
            } else {
                assertThat(after.get(Reg.RCX)).isEqualTo(0x401b29L);
                assertThat(after.get(Reg.R11)).isEqualTo(0x246L);
            }
        }
    }

    @Test
    void aStackPointerLosesItsUpperHalfAndTheCopyFaults() {
        // §2.8: ecx keeps only the low 32 bits; access_ok passes, the copy faults: -EFAULT, sign-extended in RAX
        Session s = new Session(KernelConfig.defaults(), int80Write(0x7ffc00001000L));
        s.run();
        SyscallResult r = s.result().orElseThrow();
        assertThat(r.outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        assertThat(s.state().cpu().get(Reg.RAX)).isEqualTo(0xfffffffffffffff2L);
        assertThat(s.state().cpu().get(Reg.RCX)).as("the register itself keeps all 64 bits").isEqualTo(0x7ffc00001000L);
        assertThat(s.state().process().terminalOutput()).isEmpty();
        // a buffer below 4 GiB, as in a non-PIE program's .rodata, works
        Session ok = new Session(KernelConfig.defaults(), int80Hi());
        ok.run();
        assertThat(ok.state().cpu().get(Reg.RAX)).isEqualTo(3);
        assertThat(new String(ok.state().process().terminalOutput(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(ok.result().orElseThrow().syscall()).isEqualTo("write");
    }

    @Test
    void theI386TableIsItsOwnNumberSpace() {
        // §2.5: 1 is exit, not write
        Session s = new Session(KernelConfig.defaults(), UserProgram.via(Entry.INT80, 1, List.of(UserProgram.Arg.of(7)), null));
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.EXITED);
        assertThat(s.state().process().exitStatus()).contains(7);
    }

    @Test
    void fiveFourteenBuildsPtRegsInEntryInt80CompatWithoutTheApicCheck() {
        // §2.9: no asm_int80_emulation, no int80_is_external in 5.14
        Session s = new Session(KernelConfig.defaults().withVersion(KernelVersion.V5_14), int80Hi());
        s.run();
        List<String> ids = s.path().stream().map(e -> e.phase().id()).toList();
        assertThat(ids).contains("int80.entry", "c.do_int80_syscall_32").doesNotContain("c.int80_is_external",
                "int80.asm_int80_emulation");
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        assertThat(s.state().cpu().get(Reg.RAX)).isEqualTo(3);
        Session now = new Session(KernelConfig.defaults(), int80Hi());
        assertThat(now.path().stream().map(e -> e.phase().id()).toList()).contains("int80.asm_int80_emulation",
                "c.int80_is_external", "c.sync_regs").doesNotContain("int80.entry");
    }

    @Test
    void theReferenceGivesNoIntX80PathFor612() {
        Session s = new Session(KernelConfig.defaults().withVersion(KernelVersion.V6_12), int80Hi());
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.NOT_SIMULATED);
    }
}
