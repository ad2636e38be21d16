package dev.sysstep.core.user;

import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.time.ClockId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One program per way into the kernel, for listings that show a way's phases ({@code sysstep phases
 * --way int80}) and for finding the way a phase belongs to: the seed's write(1, "hi\n", 3) where the
 * way can make it, a time call where it cannot.
 */
public final class Examples {
    private static final byte[] HI = "hi\n".getBytes(StandardCharsets.UTF_8);
    /** i386 write (syscall_32.tbl). */
    private static final long I386_WRITE = 4;
    /** The 64-bit numbers of clock_gettime and gettimeofday (syscall_64.tbl). */
    private static final long CLOCK_GETTIME = 228;
    private static final long GETTIMEOFDAY = 96;

    private Examples() {
    }

    private static List<UserProgram.Arg> writeArgs() {
        return List.of(UserProgram.Arg.of(1), new UserProgram.Arg(0, true), UserProgram.Arg.of(HI.length));
    }

    public static UserProgram of(Entry e) {
        return switch (e) {
            case SYSCALL -> UserProgram.seedWrite();
            case INT80, IA32_VSYSCALL, IA32_INT80, IA32_SYSCALL -> UserProgram.via(e, I386_WRITE, writeArgs(), HI);
            case VDSO -> UserProgram.calling(e, "clock_gettime", CLOCK_GETTIME,
                    List.of(UserProgram.Arg.of(ClockId.MONOTONIC.id()), UserProgram.Arg.of(Layout.USER_READ_BUFFER)), null);
            case VSYSCALL -> UserProgram.calling(e, "gettimeofday", GETTIMEOFDAY,
                    List.of(UserProgram.Arg.of(Layout.USER_READ_BUFFER), UserProgram.Arg.of(0)), null);
            case LIBC -> UserProgram.calling(e, "write", 1, writeArgs(), HI);
        };
    }
}
