package dev.sysstep.core;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.syscall.SyscallTable;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An independent statement of reference §5 and §6 for the randomized test: given the registers at
 * SYSCALL, what should the program find in RAX? Empty means "no value: not simulated or no return".
 * Covers the scenarios the randomized test builds (write to tty, /dev/null or closed fds; getpid;
 * invalid and x32 numbers). Written from the reference, not from the simulator's code.
 */
final class Oracle {
    static final long ENOSYS = -38;
    static final long EBADF = -9;
    static final long EFAULT = -14;

    /** fd -> "tty" / "null-w" / "null-r". */
    static OptionalLong expected(KernelConfig c, long rax, long rdi, long rsi, long rdx, Map<Integer, String> fds,
                                 long msgStart, long msgEnd, int pid) {
        int nr = (int) rax;                                      // §5.1: movslq, then int
        long unr = nr & 0xFFFF_FFFFL;                            // do_syscall_x64: unsigned int
        int max = switch (c.version()) {                         // §3.6
            case V5_14 -> 448;
            case V6_1 -> 451;
            case V6_12 -> 463;                                   // kernel-6.12.md §6.1
            case V7_0 -> 472;
        };
        SyscallTable table = SyscallTable.of(c.version());
        if (unr < max) {
            return handler(c, table.entry(unr), rdi, rsi, rdx, fds, msgStart, msgEnd, pid);
        }
        long xnr = (nr - 0x4000_0000L) & 0xFFFF_FFFFL;
        if (c.x32() && xnr < 548) {
            if (xnr >= 512) {
                return OptionalLong.empty();                      // x32 compat handlers: not simulated
            }
            // the x32 table has only the common entries; 64-only ones and gaps are ni_syscall (§5.1)
            return handler(c, table.entry(xnr).filter(e -> e.abi().equals("common")), rdi, rsi, rdx, fds,
                    msgStart, msgEnd, pid);
        }
        return OptionalLong.of(ENOSYS);                          // ni_syscall, or -1 left untouched
    }

    private static OptionalLong handler(KernelConfig c, Optional<SyscallTable.Entry> entry, long rdi, long rsi,
                                        long rdx, Map<Integer, String> fds, long msgStart, long msgEnd, int pid) {
        if (entry.isEmpty() || !entry.get().implemented()) {
            return OptionalLong.of(ENOSYS);                      // §7: gaps and empty entries are sys_ni_syscall
        }
        return switch (entry.get().name()) {
            case "write" -> OptionalLong.of(write(c, rdi, rsi, rdx, fds, msgStart, msgEnd));
            case "getpid" -> OptionalLong.of(pid);
            case "read" -> read(c, rdi, rsi, rdx, fds);
            default -> OptionalLong.empty();                      // a valid handler whose body is not simulated
        };
    }

    private static OptionalLong read(KernelConfig c, long rdi, long buf, long count, Map<Integer, String> fds) {
        long fd = rdi & 0xFFFF_FFFFL;
        String f = fd < 1024 ? fds.get((int) fd) : null;
        if (f == null || f.equals("null-w")) {
            return OptionalLong.of(EBADF);
        }
        if (!accessOk(c, buf, count)) {
            return OptionalLong.of(EFAULT);
        }
        return f.equals("null-r") ? OptionalLong.of(0) : OptionalLong.empty(); // a tty with no input would sleep
    }

    private static boolean accessOk(KernelConfig c, long buf, long count) {
        long tsm = c.la57() ? 0x00FF_FFFF_FFFF_F000L : 0x0000_7FFF_FFFF_F000L;
        long end = buf + count;
        return Long.compareUnsigned(end, buf) >= 0 && Long.compareUnsigned(end, tsm) <= 0;
    }

    private static long write(KernelConfig c, long rdi, long buf, long count, Map<Integer, String> fds,
                              long msgStart, long msgEnd) {
        long fd = rdi & 0xFFFF_FFFFL;                            // §8.17
        String f = fd < 1024 ? fds.get((int) fd) : null;
        if (f == null) {
            return EBADF;                                        // ksys_write
        }
        if (f.equals("null-r")) {
            return EBADF;                                        // vfs_write: FMODE_WRITE
        }
        if (!accessOk(c, buf, count)) {
            return EFAULT;                                       // §6.2
        }
        long n = Long.compareUnsigned(count, 0x7FFF_F000L) > 0 ? 0x7FFF_F000L : count;
        if (f.equals("null-w")) {
            return n;                                            // write_null never reads
        }
        if (n == 0) {
            return 0;
        }
        long readable = readable(buf, msgStart, msgEnd);
        if (Long.compareUnsigned(readable, n) >= 0) {
            return n;
        }
        // the tty copies in 2048-byte chunks; a chunk that faults is not written (the simulator's documented
        // choice where reference §6.3 says UNCONFIRMED); nothing written means -EFAULT
        long copied = (readable / 2048) * 2048;
        return copied == 0 ? EFAULT : copied;
    }

    /** Bytes readable from buf before the first unmapped byte, given the user regions of the test program. */
    private static long readable(long buf, long msgStart, long msgEnd) {
        long[][] regions = {{0x401000L, 0x402000L}, {msgStart, msgEnd}, {0x420000L, 0x428000L}};
        for (long[] r : regions) {
            if (Long.compareUnsigned(buf, r[0]) >= 0 && Long.compareUnsigned(buf, r[1]) < 0) {
                return r[1] - buf;
            }
        }
        return 0;
    }

    private Oracle() {
    }
}
