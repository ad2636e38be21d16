package dev.sysstep.core.syscall;

import java.util.Arrays;

/**
 * What the program asked for, captured at the entry instruction the way strace sees it: RAX, the six
 * argument registers of its ABI, and the bytes the buffer argument pointed at then (writes only).
 * {@code ia32} says the number is from the i386 table (int $0x80, SYSENTER, compat SYSCALL).
 */
public record CallSite(long rax, long[] args, byte[] data, boolean ia32) {
    public CallSite {
        args = args.clone();
        data = data == null ? null : data.clone();
    }

    /** A 64-bit call. */
    public CallSite(long rax, long[] args, byte[] data) {
        this(rax, args, data, false);
    }

    @Override
    public long[] args() {
        return args.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public long arg(int i) {
        return args[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallSite c && c.rax == rax && Arrays.equals(c.args, args) && Arrays.equals(c.data, data)
                && c.ia32 == ia32;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rax) * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return "CallSite[rax=0x" + Long.toHexString(rax) + ", args=" + Arrays.toString(args) + "]";
    }
}
