package dev.sysstep.core.syscall;

/**
 * What the program asked for, captured at the SYSCALL instruction the way strace sees it: RAX,
 * the six argument registers, and the bytes the buffer argument pointed at then (writes only).
 */
public record CallSite(long rax, long[] args, byte[] data) {
    public CallSite {
        args = args.clone();
        data = data == null ? null : data.clone();
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
}
