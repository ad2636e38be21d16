package dev.sysstep.core.session;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Value;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.process.OpenFile;
import java.util.List;
import java.util.Optional;

/**
 * What differs between two positions, as records: registers (flags, selectors, CPL, MSRs and CR3
 * included), memory slots with their labels, fds, the terminal, pipes, files, terminal input and
 * the process's exit. Every view, the JSON trace and the exporters read these; none of it is prose.
 */
public record StateDiff(int from, int to, List<RegChange> registers, List<MemChange> memory, List<FdChange> fds,
                        Optional<TerminalChange> terminal, List<PipeChange> pipes, List<FileChange> files,
                        Optional<InputChange> terminalInput, Optional<ExitChange> exit) {

    public StateDiff {
        registers = List.copyOf(registers);
        memory = List.copyOf(memory);
        fds = List.copyOf(fds);
        pipes = List.copyOf(pipes);
        files = List.copyOf(files);
    }

    /** A register or MSR whose value (or which of its bits are known) changed. */
    public record RegChange(Reg reg, Value before, Value after) {
    }

    /**
     * A memory slot: its value at {@code from} and at {@code to}, what it is, and how it was last
     * written on the way (a push, a call's return address, a store, an edit).
     */
    public record MemChange(long address, int size, long before, long after, String label, MemWrite.Kind kind) {
    }

    /** An fd that was opened, closed or changed (its position, say); empty on the side where it was not open. */
    public record FdChange(int fd, Optional<OpenFile> before, Optional<OpenFile> after) {
    }

    /** What the terminal holds at each end. */
    public record TerminalChange(byte[] before, byte[] after) {
        public TerminalChange {
            before = before.clone();
            after = after.clone();
        }

        @Override
        public byte[] before() {
            return before.clone();
        }

        @Override
        public byte[] after() {
            return after.clone();
        }
    }

    /** How many bytes a pipe holds at each end. */
    public record PipeChange(int id, int bytesBefore, int bytesAfter) {
    }

    /** How long a regular file is at each end. */
    public record FileChange(String path, int sizeBefore, int sizeAfter) {
    }

    /** Bytes of terminal input waiting to be read at each end. */
    public record InputChange(int bytesBefore, int bytesAfter) {
    }

    /** The process's exit status at each end, where it had one. */
    public record ExitChange(Optional<Integer> before, Optional<Integer> after) {
    }

    public Optional<RegChange> register(Reg r) {
        return registers.stream().filter(c -> c.reg() == r).findFirst();
    }

    public boolean isEmpty() {
        return registers.isEmpty() && memory.isEmpty() && fds.isEmpty() && terminal.isEmpty() && pipes.isEmpty()
                && files.isEmpty() && terminalInput.isEmpty() && exit.isEmpty();
    }
}
