package dev.sysstep.app.lang;

import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.Selectors;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Named constants usable in any expression: errno names (EBADF is 9, so -EBADF is -9), RFLAGS bit
 * names (TF, IF, ...), segment selectors (__USER_CS, ...) and a few kernel limits, some of which
 * (TASK_SIZE_MAX) depend on the profile.
 */
public final class Constants {
    private Constants() {
    }

    public static OptionalLong value(String name, KernelConfig config) {
        String n = name.strip();
        String upper = n.toUpperCase(Locale.ROOT);
        if (upper.startsWith("E") && upper.length() > 2) {
            var e = Errno.byName(upper);
            if (e.isPresent()) {
                return OptionalLong.of(e.get());
            }
        }
        var flag = RFlags.byName(n);
        if (flag.isPresent() && n.length() <= 3) {
            return OptionalLong.of(flag.get());
        }
        return switch (upper) {
            case "__USER_CS" -> OptionalLong.of(Selectors.USER_CS);
            case "__USER_DS" -> OptionalLong.of(Selectors.USER_DS);
            case "__USER32_CS" -> OptionalLong.of(Selectors.USER32_CS);
            case "__KERNEL_CS" -> OptionalLong.of(Selectors.KERNEL_CS);
            case "__KERNEL_DS" -> OptionalLong.of(Selectors.KERNEL_DS);
            // reference §3.7: 4-level or 5-level, as the profile's paging mode says
            case "TASK_SIZE_MAX" -> OptionalLong.of(config.taskSizeMax());
            case "MAX_RW_COUNT" -> OptionalLong.of(Limits.MAX_RW_COUNT);
            case "__X32_SYSCALL_BIT" -> OptionalLong.of(Limits.X32_SYSCALL_BIT);
            case "IOPL" -> OptionalLong.of(RFlags.IOPL);
            default -> OptionalLong.empty();
        };
    }
}
