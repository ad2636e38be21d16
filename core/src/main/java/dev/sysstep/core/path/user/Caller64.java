package dev.sysstep.core.path.user;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.path.Setup;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A 64-bit program that calls a function instead of entering the kernel itself: a vDSO function,
 * the vsyscall page, glibc. It loads the C arguments (RDI, RSI, RDX, RCX, R8, R9), makes the call,
 * whose return address is the observed 0x401b29 as for the syscall program, and tests the result.
 */
public final class Caller64 {
    /** The C calling convention's argument registers (x86-64 psABI). */
    public static final String[] C_ARGS = {"rdi", "rsi", "rdx", "rcx", "r8", "r9"};

    private final List<UserProgram.Load> loads;
    private final int callLength;
    private final byte[] callBytes;

    /** {@code loads} ends with whatever the call needs (the target in RAX); the call is {@code callBytes} long. */
    public Caller64(List<UserProgram.Load> loads, byte[] callBytes) {
        this.loads = List.copyOf(loads);
        this.callLength = callBytes.length;
        this.callBytes = callBytes.clone();
    }

    /** The loads of C arguments {@code args}. */
    public static List<UserProgram.Load> arguments(long... args) {
        List<UserProgram.Load> l = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            l.add(UserProgram.Load.of(C_ARGS[i], args[i], false));
        }
        return l;
    }

    /** Where the call instruction starts: it ends at the observed 0x401b29. */
    public long callAt() {
        return Layout.USER_AFTER_SYSCALL - callLength;
    }

    public long start() {
        long at = callAt();
        for (UserProgram.Load l : loads) {
            at -= l.length();
        }
        return at;
    }

    /** The loads, then the call, whose effect {@code call} emits at {@link #callAt()}. */
    public void emitCall(Asm a, String title, String explanation, Consumer<Asm> call) {
        a.org(start());
        UserInsns.prelude(a, loads, title, explanation, UserInsns.MAIN, UserInsns.PROGRAM);
        call.accept(a);
    }

    /** The instruction after the call, last: {@code test %rax,%rax}. */
    public void emitAfter(Asm a, String explanation) {
        UserInsns.testResult(a, Layout.USER_AFTER_SYSCALL, false, "test %rax, %rax: the program takes the result",
                explanation, UserInsns.MAIN, UserInsns.PROGRAM);
    }

    public void setUp(Setup s, KernelConfig c, UserProgram p) {
        Program64.setUp(s, c, p, start());
        long at = start();
        for (UserProgram.Load l : loads) {
            s.init(at, l.encode(at), "user text");
            at += l.length();
        }
        s.init(callAt(), callBytes, "call");
        s.init(Layout.USER_AFTER_SYSCALL, UserInsns.testBytes(false), "test %rax,%rax");
    }

    /** A no-op for effects that need nothing. */
    static void nothing(Exec x) {
    }
}
