package dev.sysstep.core.session;

import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.process.ProcessState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Computes a {@link StateDiff} from immutable history: the states at both ends, the instructions
 * between them and the user's edits at the positions between. It never looks at live memory, so a
 * report can compute its diff whenever it is read.
 */
final class Diffs {
    private Diffs() {
    }

    /** One slot's first value and its latest, while the writes between two positions are walked. */
    private static final class Slot {
        final long address;
        final int size;
        final long first;
        long last;
        String label = "";
        MemWrite.Kind kind;

        Slot(MemWrite w) {
            address = w.address();
            size = w.size();
            first = w.beforeValue();
        }
    }

    /**
     * The difference between position {@code a} and position {@code b}, either order. {@code steps}
     * holds the instructions {@code lo+1..hi} and {@code edits} the edits at positions {@code lo..hi}
     * (lo = min(a, b), hi = max(a, b)); only those after lo count.
     */
    static StateDiff between(int a, int b, Snapshot sa, Snapshot sb, List<Step> steps, List<List<MemWrite>> edits,
                             Symbols symbols) {
        boolean forward = a <= b;
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            record(slots, steps.get(i).writes());
            record(slots, edits.get(i + 1));
        }
        List<StateDiff.MemChange> mem = new ArrayList<>();
        for (Slot s : slots.values()) {
            long before = forward ? s.first : s.last;
            long after = forward ? s.last : s.first;
            if (before != after) {
                String label = s.label.isEmpty() ? symbols.nameAt(s.address).orElse("") : s.label;
                mem.add(new StateDiff.MemChange(s.address, s.size, before, after, label, s.kind));
            }
        }
        return new StateDiff(a, b, registers(sa.cpu(), sb.cpu()), mem, fds(sa.process(), sb.process()),
                terminal(sa.process(), sb.process()), pipes(sa.process(), sb.process()), files(sa.process(), sb.process()),
                input(sa.process(), sb.process()), exit(sa.process(), sb.process()));
    }

    private static void record(Map<String, Slot> slots, List<MemWrite> writes) {
        for (MemWrite w : writes) {
            String key = w.address() + ":" + w.size();
            Slot s = slots.computeIfAbsent(key, k -> new Slot(w));
            s.last = w.afterValue();
            s.kind = w.kind();
            if (!w.label().isEmpty()) {
                s.label = w.label();
            }
        }
    }

    static List<StateDiff.RegChange> registers(CpuState a, CpuState b) {
        List<StateDiff.RegChange> regs = new ArrayList<>();
        for (Reg r : Reg.values()) {
            if (!a.sameAs(b, r)) {
                regs.add(new StateDiff.RegChange(r, a.value(r), b.value(r)));
            }
        }
        return regs;
    }

    private static List<StateDiff.FdChange> fds(ProcessState pa, ProcessState pb) {
        List<StateDiff.FdChange> out = new ArrayList<>();
        TreeSet<Integer> keys = new TreeSet<>(pa.fds().keySet());
        keys.addAll(pb.fds().keySet());
        for (int fd : keys) {
            OpenFile fa = pa.fds().get(fd);
            OpenFile fb = pb.fds().get(fd);
            if (!Objects.equals(fa, fb)) {
                out.add(new StateDiff.FdChange(fd, Optional.ofNullable(fa), Optional.ofNullable(fb)));
            }
        }
        return out;
    }

    private static Optional<StateDiff.TerminalChange> terminal(ProcessState pa, ProcessState pb) {
        byte[] ta = pa.terminalOutput();
        byte[] tb = pb.terminalOutput();
        return Arrays.equals(ta, tb) ? Optional.empty() : Optional.of(new StateDiff.TerminalChange(ta, tb));
    }

    private static List<StateDiff.PipeChange> pipes(ProcessState pa, ProcessState pb) {
        List<StateDiff.PipeChange> out = new ArrayList<>();
        for (int id : new TreeSet<>(pb.pipes().keySet())) {
            if (!Arrays.equals(pa.pipe(id), pb.pipe(id))) {
                out.add(new StateDiff.PipeChange(id, pa.pipe(id).length, pb.pipe(id).length));
            }
        }
        return out;
    }

    private static List<StateDiff.FileChange> files(ProcessState pa, ProcessState pb) {
        List<StateDiff.FileChange> out = new ArrayList<>();
        for (String path : new TreeSet<>(pb.files().keySet())) {
            if (!Arrays.equals(pa.file(path), pb.file(path))) {
                out.add(new StateDiff.FileChange(path, pa.file(path).length, pb.file(path).length));
            }
        }
        return out;
    }

    private static Optional<StateDiff.InputChange> input(ProcessState pa, ProcessState pb) {
        if (Arrays.equals(pa.terminalInput(), pb.terminalInput())) {
            return Optional.empty();
        }
        return Optional.of(new StateDiff.InputChange(pa.terminalInput().length, pb.terminalInput().length));
    }

    private static Optional<StateDiff.ExitChange> exit(ProcessState pa, ProcessState pb) {
        if (pa.exitStatus().equals(pb.exitStatus())) {
            return Optional.empty();
        }
        return Optional.of(new StateDiff.ExitChange(pa.exitStatus(), pb.exitStatus()));
    }
}
