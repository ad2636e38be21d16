package dev.sysstep.core.session;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.process.OpenFile;
import java.util.List;

/** What differs between two positions: registers, memory slots, fds and files, the terminal. */
public record StateDiff(int from, int to, List<RegChange> registers, List<MemChange> memory, List<FdChange> fds,
                        byte[] terminalBefore, byte[] terminalAfter, List<String> other) {

    /** A register or MSR whose value (or known-ness) changed. */
    public record RegChange(Reg reg, long before, long after, long undefinedBefore, long undefinedAfter) {
    }

    /** A memory slot: its value at {@code from} and at {@code to}, and what it is. */
    public record MemChange(long address, int size, long before, long after, String label) {
    }

    /** An fd that was opened, closed or changed (its position, say). */
    public record FdChange(int fd, OpenFile before, OpenFile after) {
    }

    public boolean terminalChanged() {
        return terminalBefore != null;
    }

    public boolean isEmpty() {
        return registers.isEmpty() && memory.isEmpty() && fds.isEmpty() && terminalBefore == null && other.isEmpty();
    }
}
