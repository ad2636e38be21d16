package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Mem;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Alu;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.path.Setup;
import java.util.List;

/**
 * glibc 2.36's write() and syscall() as Debian 12 compiles them (kernel-other-entries.md §7): the
 * single-thread test, the 64-bit syscall, the error test and errno stored through the TLS. The
 * offsets of the two functions in libc.so.6 are Debian's (0xf8340, 0x101810); the load address, the
 * data the code reads and errno's TLS offset are illustrative, and the offsets inside the functions
 * are derived from the instruction lengths in the order the reference lists them.
 */
public final class Libc64 {
    /** Illustrative load address of libc.so.6. */
    public static final long BASE = 0x7ffff7d8a000L;
    /** __write and syscall in Debian's libc.so.6 (package libc6 2.36-9+deb12u14, §7). */
    public static final long WRITE = BASE + 0xf8340L;
    public static final long SYSCALL = BASE + 0x101810L;
    /** Illustrative: __libc_single_threaded, the GOT slot holding errno's TLS offset, and that offset. */
    private static final long DATA = BASE + 0x1d2000L;
    private static final long SINGLE_THREADED = DATA + 0x10;
    private static final long ERRNO_GOT = DATA + 0x18;
    private static final long ERRNO_TLS_OFFSET = -0x70;
    private static final String SYSDEP = "sysdeps/unix/sysv/linux/x86_64/sysdep.h";

    private Libc64() {
    }

    private static SourceRef src(String file, String symbol) {
        return new SourceRef(file + " (glibc 2.36, Debian 12 build)", symbol, "glibc 2.36", "");
    }

    /** Where errno lives: FS base + its TLS offset. */
    public static long errnoAddress() {
        return Layout.USER_FS_BASE + ERRNO_TLS_OFFSET;
    }

    private static String rip(Asm a, long target, int length) {
        return "0x" + Long.toHexString(target - (a.pc() + length)) + "(%rip)";
    }

    /** __write: the single-threaded fast path. */
    public static void emitWrite(Asm a) {
        List<String> frames = List.of("__write", "main");
        a.org(WRITE);
        a.label("__write");
        a.phase("libc.write.single_thread", "SINGLE_THREAD_P: one thread?", PhaseKind.USER,
                src("sysdeps/unix/sysv/linux/write.c", "__libc_write"),
                "SYSCALL_CANCEL checks __libc_single_threaded first (x86_64/single-thread.h): a single-threaded "
                + "process skips the cancellation bookkeeping. This build has no endbr64. The fd stays in RDI as the "
                + "program passed it; the kernel truncates it to unsigned int.", frames);
        a.emit("cmpb $0x0, " + rip(a, SINGLE_THREADED, 7), 7, "__libc_single_threaded",
                x -> x.setFlags(Alu.sub(x.flags(), x.load(SINGLE_THREADED, 1), 0, 8), RFlags.ARITH));
        a.jcc("je", Asm::zf, "libc.mt_path", 2, "multi-threaded: the cancellation path", null);
        a.phase("libc.write.syscall", "mov $1, %eax; syscall", PhaseKind.USER, src(SYSDEP, "internal_syscall3"),
                "The arguments are already where the kernel wants them: the C ABI's RDI, RSI, RDX are the syscall ABI's "
                + "first three. Only the number is loaded. The syscall clobbers RCX and R11 (REGISTERS_CLOBBERED_BY_SYSCALL).",
                frames);
        a.movl(1, Reg.RAX, "__NR_write");
        UserInsns.syscall(a, "");
        errorTest(a, frames, -4096, "$0xfffffffffffff000", "ja", "cmp $-4096; ja: INTERNAL_SYSCALL_ERROR_P, "
                + "(unsigned long)val > -4096UL (sysdeps/unix/sysv/linux/sysdep.h)", Reg.RDX, "mov $0xffffffffffffffff, %rax", 7);
        a.phase("libc.mt_path", "The multi-threaded path (not simulated)", PhaseKind.USER,
                src("sysdeps/unix/sysv/linux/sysdep-cancel.h", "SYSCALL_CANCEL"),
                "A multi-threaded process spills the arguments and calls __pthread_enable_asynccancel before the "
                + "syscall and __pthread_disable_asynccancel after it.", frames);
        a.unplaced();
        a.emit("(spill the arguments; call __pthread_enable_asynccancel)", 0, "", x -> x.fault(Outcome.Kind.NOT_SIMULATED,
                "the multi-threaded path of write() is not simulated: the process has one thread"));
    }

    /** syscall(): the register shuffle (syscall.S). */
    public static void emitSyscall(Asm a) {
        List<String> frames = List.of("syscall", "main");
        SourceRef s = src("sysdeps/unix/sysv/linux/x86_64/syscall.S", "syscall");
        a.org(SYSCALL);
        a.label("syscall");
        a.phase("libc.syscall.shuffle", "Shift the C arguments into the syscall registers", PhaseKind.USER, s,
                "syscall(number, a1, ..., a6) receives the number in RDI and the arguments one register later than "
                + "the kernel wants them, so each moves down: RAX = number, RDI = a1, RSI = a2, RDX = a3 from RCX, "
                + "R10 = a4 from R8 (the kernel's 4th register is R10, because SYSCALL overwrites RCX), R8 = a5 from R9, "
                + "and a6, the C function's 7th argument, from the stack. Easy to get wrong: it is mov %rcx,%rdx and "
                + "mov %r8,%r10, not mov %rcx,%r10 (that is the DOARGS_4 of the direct stubs).", frames);
        a.mov(Reg.RDI, Reg.RAX, "syscall number");
        a.mov(Reg.RSI, Reg.RDI, "");
        a.mov(Reg.RDX, Reg.RSI, "");
        a.mov(Reg.RCX, Reg.RDX, "");
        a.mov(Reg.R8, Reg.R10, "");
        a.mov(Reg.R9, Reg.R8, "");
        a.load(Mem.at(Reg.RSP, 8, "0x8(%rsp)"), Reg.R9, "the 7th argument, above the return address");
        a.phase("libc.syscall.syscall", "syscall", PhaseKind.USER, s, "Into the kernel.", frames);
        UserInsns.syscall(a, "");
        errorTest(a, frames, -4095, "$0xfffffffffffff001", "jae", "cmpq $-4095; jae: the same test as write's "
                + "cmp $-4096; ja, written differently", Reg.RCX, "or $0xffffffffffffffff, %rax", 4);
    }

    /** The error test, the RET, and SYSCALL_ERROR_HANDLER: errno = -RAX through the TLS, RAX = -1. */
    private static void errorTest(Asm a, List<String> frames, long bound, String text, String jcc, String comment,
                                  Reg scratch, String minusOne, int minusOneLength) {
        SourceRef s = src(SYSDEP, "SYSCALL_ERROR_HANDLER");
        a.phase("libc.error_test", "Error? RAX in [-4095, -1]", PhaseKind.USER, s,
                "A result between -4095 and -1 is -errno; anything else, however large, is a success returned as it is.",
                frames);
        a.emit("cmp " + text + ", %rax", 6, comment,
                x -> x.setFlags(Alu.sub(x.flags(), x.get(Reg.RAX), bound, 64), RFlags.ARITH));
        boolean ja = jcc.equals("ja");
        a.jcc(jcc, f -> ja ? !Asm.cf(f) && !Asm.zf(f) : !Asm.cf(f), "libc.errno", 2, "-4095..-1: set errno", null);
        a.phase("libc.ret", "ret: the result as it came", PhaseKind.USER, s, "No error: return RAX unchanged.", frames);
        UserInsns.ret(a, "");
        a.phase("libc.errno", "errno = -RAX; return -1", PhaseKind.USER, s,
                "In libc.so (PIC) nothing calls __syscall_error: SYSCALL_ERROR_HANDLER stores errno inline. errno is "
                + "thread-local: the GOT gives its offset from the thread pointer, and the store goes through FS. Then "
                + "the function returns -1, so after an error the program sees RAX = -1 and errno = the positive code. "
                + "(The GOT slot, the TLS offset and libc's load address are illustrative.)", frames);
        a.label("libc.errno");
        a.emit("mov " + rip(a, ERRNO_GOT, 7) + ", %" + scratch.label(), 7, "errno@GOTTPOFF",
                x -> x.set(scratch, x.load64(ERRNO_GOT)));
        a.emit("neg %eax", 2, "", x -> {
            long v = (-x.get(Reg.RAX)) & 0xFFFF_FFFFL;
            x.set(Reg.RAX, v);
            x.setFlags(Alu.sub(x.flags(), 0, x.get(Reg.RAX), 32), RFlags.ARITH);
        });
        a.emit("mov %eax, %fs:(%" + scratch.label() + ")", 3, "errno", x -> x.store(x.get(Reg.FS_BASE) + x.get(scratch),
                x.get(Reg.RAX) & 0xFFFF_FFFFL, 4, "errno"));
        a.emit(minusOne, minusOneLength, "return -1", x -> {
            x.set(Reg.RAX, -1L);
            if (minusOne.startsWith("or")) {
                x.setFlags(Alu.logic(x.flags(), -1L, 64), RFlags.ARITH);
            }
        });
        UserInsns.ret(a, "");
    }

    /** libc's text and data as mapped, and the TLS block errno lives in. */
    public static void setUp(Setup s) {
        s.userRegion(new Region("libc.so.6 text", BASE, BASE + 0x160000L, true, false, false));
        s.userRegion(new Region("libc.so.6 data", DATA, DATA + 0x2000L, true, true, false));
        s.userRegion(new Region("user TLS", Layout.USER_FS_BASE - 0x1000L, Layout.USER_FS_BASE + 0x1000L, true, true,
                false));
        s.init(SINGLE_THREADED, new byte[] {1}, "__libc_single_threaded");
        s.symbol(SINGLE_THREADED, 1, "__libc_single_threaded");
        s.init(ERRNO_GOT, Bytes.le(ERRNO_TLS_OFFSET, 8), "errno@GOTTPOFF");
        s.symbol(ERRNO_GOT, 8, "errno@GOTTPOFF (errno's TLS offset)");
        s.symbol(errnoAddress(), 4, "errno");
    }
}
