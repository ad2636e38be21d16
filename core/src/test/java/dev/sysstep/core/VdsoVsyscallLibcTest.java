package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vDSO, the vsyscall page and glibc's wrappers (kernel-other-entries.md §5, §6, §7). */
class VdsoVsyscallLibcTest {
    private static final long BUF = 0x426f00L;
    private static final long PT_REGS = 0xffffc90000013f58L;

    static UserProgram clock(int id) {
        return UserProgram.calling(Entry.VDSO, "clock_gettime", 228, List.of(UserProgram.Arg.of(id), UserProgram.Arg.of(BUF)),
                null);
    }

    private static long vvarBase(Session s) {
        return s.symbols().byName("vd[CS_HRES_COARSE].seq").orElseThrow().address() - 0x80;
    }

    @Test
    void clockGettimeMonotonicIsTheReferenceFormulaOverTheVvarPage() {
        // §5.1 offsets and §5.3 step f: ns = (basetime.nsec + (cycles - cycle_last) * mult) >> shift
        Session s = new Session(KernelConfig.defaults(), clock(1));
        long vvar = vvarBase(s);
        assertThat(s.symbols().byName("vd[CS_HRES_COARSE].clock_mode").orElseThrow().address()).isEqualTo(vvar + 0x84);
        assertThat(s.symbols().byName("vd[CS_HRES_COARSE].cycle_last").orElseThrow().address()).isEqualTo(vvar + 0x88);
        assertThat(s.symbols().byName("vd[CS_HRES_COARSE].mult").orElseThrow().address()).isEqualTo(vvar + 0x98);
        assertThat(s.symbols().byName("vd[CS_HRES_COARSE].shift").orElseThrow().address()).isEqualTo(vvar + 0x9c);
        assertThat(s.symbols().byName("vd[CS_HRES_COARSE].basetime[CLOCK_MONOTONIC].sec").orElseThrow().address())
                .isEqualTo(vvar + 0xb0);
        assertThat(s.symbols().byName("vd[CS_RAW].seq").orElseThrow().address()).isEqualTo(vvar + 0x170);
        assertThat(s.memory().readLong(vvar + 0x84, 4)).as("VDSO_CLOCKMODE_TSC").isEqualTo(1);
        long cycleLast = s.memory().read64(vvar + 0x88);
        long mult = s.memory().readLong(vvar + 0x98, 4);
        int shift = (int) s.memory().readLong(vvar + 0x9c, 4);
        long sec = s.memory().read64(vvar + 0xb0);
        long nsec = s.memory().read64(vvar + 0xb8);
        long tsc = s.state().cpu().get(Reg.TSC);
        long ns = (nsec + (tsc - cycleLast) * mult) >>> shift;
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.NONE);
        assertThat(s.memory().read64(BUF)).isEqualTo(sec + ns / 1_000_000_000L);
        assertThat(s.memory().read64(BUF + 8)).isEqualTo(ns % 1_000_000_000L);
        assertThat(s.state().cpu().get(Reg.RAX)).isZero();
        assertThat(s.path().stream().allMatch(e -> s.state(e.position()).cpu().cpl() == 3)).as("never CPL 0").isTrue();
    }

    @Test
    void rdtscpClobbersEcxWithTscAux() {
        // §5.3 rdtsc_ordered on a CPU with RDTSCP: EDX:EAX = TSC, ECX = TSC_AUX
        Session s = new Session(KernelConfig.defaults(), clock(1));
        s.goTo("vdso.rdtscp");
        s.stepi(1);
        CpuState c = s.state().cpu();
        assertThat((c.get(Reg.RDX) << 32) | c.get(Reg.RAX)).isEqualTo(c.get(Reg.TSC));
        assertThat(c.get(Reg.RCX)).isEqualTo(c.get(Reg.TSC_AUX));
    }

    @Test
    void theWriterInterleavingMakesTheSeqLoopGoRound() {
        Session s = new Session(KernelConfig.defaults().withVdsoRetry(true), clock(1));
        s.run();
        long reads = s.path().stream().filter(e -> e.phase().id().equals("vdso.do_hres.read_seq")).count();
        assertThat(reads).isEqualTo(2);
        Session plain = new Session(KernelConfig.defaults(), clock(1));
        plain.run();
        assertThat(s.memory().read(BUF, 16)).as("the same instant").isEqualTo(plain.memory().read(BUF, 16));
    }

    @Test
    void hpetAndCpuTimeClocksFallBackToTheSyscall() {
        // §5.3: NONE -> U64_MAX -> vdso_cycles_ok fails -> clock_gettime_fallback: syscall 228
        for (KernelConfig c : new KernelConfig[] {KernelConfig.defaults().withClocksource(KernelConfig.Clocksource.HPET),
            KernelConfig.defaults()}) {
            Session s = new Session(c, clock(c.clocksource() == KernelConfig.Clocksource.HPET ? 1 : 2));
            s.run();
            assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.SYSRET);
            assertThat(s.result().orElseThrow().call().rax()).isEqualTo(228);
            assertThat(s.state().cpu().get(Reg.RAX)).isZero();
            assertThat(s.path().stream().map(e -> e.phase().id()).toList()).contains("vdso.fallback",
                    "c.__x64_sys_clock_gettime");
        }
    }

    @Test
    void theVdsoOf70IsNotSimulated() {
        Session s = new Session(KernelConfig.defaults().withVersion(KernelVersion.V7_0), clock(1));
        s.run();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.NOT_SIMULATED);
    }

    @Test
    void aVsyscallCallFaultsAndIsEmulatedWithTheRealSyscallNumberForSeccomp() {
        // §6: error code USER|INSTR = 0x14, CR2 = the address, orig_ax 96 for seccomp, then an emulated RET
        UserProgram p = UserProgram.calling(Entry.VSYSCALL, "gettimeofday", 96,
                List.of(UserProgram.Arg.of(BUF), UserProgram.Arg.of(0)), null);
        Session s = new Session(KernelConfig.defaults(), p);
        s.goTo("user.call_vsyscall");
        CpuState before = s.state().cpu();
        s.goTo("pf.asm_exc_page_fault");
        assertThat(s.state().cpu().get(Reg.CR2)).isEqualTo(0xffffffffff600000L);
        assertThat(s.memory().read64(0xfffffe0000003000L - 48)).as("error code").isEqualTo(0x14);
        assertThat(s.memory().read64(0xfffffe0000003000L - 40)).as("RIP = the faulting address").isEqualTo(0xffffffffff600000L);
        s.goTo("c.emulate_vsyscall.call");
        Step seccomp = s.stepAt(s.position());
        assertThat(seccomp.writes().stream().filter(w -> w.address() == PT_REGS + PtRegs.ORIG_AX)
                .map(MemWrite::afterValue).toList()).containsExactly(96L, -1L);
        s.run();
        CpuState after = s.state().cpu();
        assertThat(s.result().orElseThrow().outcome().kind()).isEqualTo(Outcome.Kind.IRET);
        assertThat(after.get(Reg.RSP)).as("the emulated RET popped the call's return address").isEqualTo(before.get(Reg.RSP));
        for (Reg g : Reg.gprs()) {
            if (g != Reg.RAX && g != Reg.RSP) {
                assertThat(after.get(g)).as(g.label()).isEqualTo(before.get(g));
            }
        }
        assertThat(after.get(Reg.RAX)).isZero();
        assertThat(s.memory().read64(BUF)).as("tv_sec").isPositive();
    }

    @Test
    void libcWriteSetsErrnoThroughTheTlsAndReturnsMinusOne() {
        // §7: cmp $-4096; ja err; errno = -eax via %fs; rax = -1
        UserProgram p = UserProgram.calling(Entry.LIBC, "write", 1, List.of(UserProgram.Arg.of(9),
                new UserProgram.Arg(0, true), UserProgram.Arg.of(3)), "hi\n".getBytes(StandardCharsets.UTF_8));
        Session s = new Session(KernelConfig.defaults(), p);
        s.run();
        assertThat(s.state().cpu().get(Reg.RAX)).isEqualTo(-1L);
        long errno = s.symbols().byName("errno").orElseThrow().address();
        assertThat(errno).isEqualTo(s.state().cpu().get(Reg.FS_BASE) + s.memory().read64(
                s.symbols().byName("errno@GOTTPOFF (errno's TLS offset)").orElseThrow().address()));
        assertThat(s.memory().readLong(errno, 4)).as("EBADF").isEqualTo(9);
        assertThat(s.result().orElseThrow().ret()).hasValue(-9);
        assertThat(s.result().orElseThrow().errno()).contains("EBADF");
    }

    @Test
    void syscallShufflesTheArgumentsDownOneRegister() {
        // §7: mov %rdi,%rax; mov %rsi,%rdi; mov %rdx,%rsi; mov %rcx,%rdx; mov %r8,%r10; mov %r9,%r8; mov 8(%rsp),%r9
        List<UserProgram.Arg> a = List.of(UserProgram.Arg.of(11), UserProgram.Arg.of(22), UserProgram.Arg.of(33),
                UserProgram.Arg.of(44), UserProgram.Arg.of(55), UserProgram.Arg.of(66));
        Session s = new Session(KernelConfig.defaults(), UserProgram.calling(Entry.LIBC, "syscall", 1000, a, null));
        s.goTo("libc.syscall.syscall");
        CpuState c = s.state().cpu();
        assertThat(new long[] {c.get(Reg.RAX), c.get(Reg.RDI), c.get(Reg.RSI), c.get(Reg.RDX), c.get(Reg.R10),
            c.get(Reg.R8), c.get(Reg.R9)}).containsExactly(1000, 11, 22, 33, 44, 55, 66);
    }
}
