package dev.sysstep.core.session;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.syscall.CallSite;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How the syscall came out: its name and number as dispatched, the value the program got (when it
 * got one), the errno name for an error, how the path ended, and what the terminal holds.
 */
public record SyscallResult(String syscall, long number, OptionalLong ret, Optional<String> errno, Outcome outcome,
                            byte[] terminal, CallSite call, Optional<Integer> exitStatus, byte[] readData) {
    public SyscallResult {
        terminal = terminal.clone();
    }

    @Override
    public byte[] terminal() {
        return terminal.clone();
    }
}
