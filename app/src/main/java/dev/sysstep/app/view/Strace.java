package dev.sysstep.app.view;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.session.SyscallResult;
import dev.sysstep.core.syscall.CallSite;
import java.util.OptionalLong;

/** The syscall as strace prints it: {@code write(1, "hi\n", 3) = 3}, {@code = -1 EBADF (Bad file descriptor)}. */
public final class Strace {
    /** strace's default string limit (-s 32). */
    static final int STRING_LIMIT = 32;

    private Strace() {
    }

    public static String line(SyscallResult r) {
        if (r.call() == null) {
            return "no syscall: the kernel was not entered";
        }
        if (r.outcome() != null && r.outcome().kind() == Outcome.Kind.NONE) {
            return "no syscall, strace sees nothing: " + call(r) + " returned " + r.ret().orElse(0) + " in user mode";
        }
        return call(r) + " = " + returned(r);
    }

    static String call(SyscallResult r) {
        CallSite c = r.call();
        if (c == null) {
            return r.syscall() + "()";
        }
        String name = r.syscall();
        String base = name.replace("(x32)", "");
        long[] a = c.args();
        if (c.ia32()) {
            // an i386 call: the kernel sees 32-bit arguments, and so does strace
            for (int i = 0; i < a.length; i++) {
                a[i] &= 0xFFFF_FFFFL;
            }
        }
        return switch (base) {
            case "write" -> name + "(" + (int) a[0] + ", " + buffer(c.data(), a[1], a[2]) + ", " + Long.toUnsignedString(a[2]) + ")";
            case "read" -> name + "(" + (int) a[0] + ", " + readBuffer(r, a[1]) + ", " + Long.toUnsignedString(a[2]) + ")";
            case "getpid" -> name + "()";
            case "exit_group", "exit" -> name + "(" + (int) a[0] + ")";
            default -> name + "(" + raw(a[0]) + ", " + raw(a[1]) + ", " + raw(a[2]) + ", " + raw(a[3]) + ", "
                    + raw(a[4]) + ", " + raw(a[5]) + ")";
        };
    }

    /** An argument strace knows nothing about: {@code %#lx}, so zero is plain 0. */
    private static String raw(long v) {
        return v == 0 ? "0" : Hex.x(v);
    }

    private static String buffer(byte[] data, long address, long count) {
        long want = Math.min(Math.max(count, 0), STRING_LIMIT);
        if (count != 0 && (data == null || data.length < want)) {
            return Hex.x(address);
        }
        if (data == null) {
            return "\"\"";
        }
        int n = (int) Math.min(data.length, Long.compareUnsigned(count, data.length) < 0 ? count : data.length);
        byte[] shown = java.util.Arrays.copyOf(data, n);
        return Escape.quoted(shown, STRING_LIMIT) + (Long.compareUnsigned(count, STRING_LIMIT) > 0 && n >= STRING_LIMIT ? "" : "");
    }

    private static String readBuffer(SyscallResult r, long address) {
        if (r.readData() == null || r.ret().isEmpty() || r.ret().getAsLong() < 0) {
            return Hex.x(address);
        }
        return Escape.quoted(r.readData(), STRING_LIMIT);
    }

    static String returned(SyscallResult r) {
        OptionalLong ret = r.ret();
        Outcome.Kind k = r.outcome() == null ? null : r.outcome().kind();
        if (ret.isEmpty() || (k != Outcome.Kind.SYSRET && k != Outcome.Kind.SYSRETL && k != Outcome.Kind.IRET)) {
            // strace's "= ?": the call did not return; say why, in the words of how the path ended
            return k == null ? "?" : k == Outcome.Kind.EXITED ? "?" : "? (" + k.label() + ")";
        }
        long v = ret.getAsLong();
        if (Errno.isError(v)) {
            return "-1 " + Errno.name(-v).orElse("E" + (-v)) + " (" + Errno.message(-v).orElse("Unknown error " + (-v)) + ")";
        }
        return r.syscall().startsWith("syscall_") || isHexReturn(r.syscall()) ? Hex.x(v) : Long.toString(v);
    }

    private static boolean isHexReturn(String name) {
        return name.startsWith("mmap") || name.startsWith("brk");
    }
}
