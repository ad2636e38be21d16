package dev.sysstep.core.code;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All the code one run can execute, for one kernel profile and user program: phases in address
 * order (user program, entry, C, exit, IRET path), with labels and an address index so that jumps,
 * SYSCALL, SYSRET, IRET and RET land on the right instruction.
 */
public final class KernelCode {
    private final List<Phase> phases;
    private final Map<String, Location> labels;
    private final Map<Long, Location> byAddress;

    KernelCode(List<Phase> phases, Map<String, Location> labels, Map<Long, Location> byAddress) {
        this.phases = List.copyOf(phases);
        this.labels = Map.copyOf(labels);
        this.byAddress = Map.copyOf(byAddress);
    }

    public List<Phase> phases() {
        return phases;
    }

    public Phase phase(int index) {
        return phases.get(index);
    }

    public Phase phaseAt(Location l) {
        return phases.get(l.phase());
    }

    public Insn insn(Location l) {
        return phases.get(l.phase()).insn(l.insn());
    }

    public Location first() {
        return new Location(0, 0);
    }

    /** The instruction after {@code l} in address order, if any. */
    public Optional<Location> fallthrough(Location l) {
        Phase p = phases.get(l.phase());
        if (l.insn() + 1 < p.insns().size()) {
            return Optional.of(new Location(l.phase(), l.insn() + 1));
        }
        if (l.phase() + 1 < phases.size()) {
            return Optional.of(new Location(l.phase() + 1, 0));
        }
        return Optional.empty();
    }

    public Optional<Location> label(String name) {
        return Optional.ofNullable(labels.get(name));
    }

    public Optional<Location> at(long address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public Optional<Phase> phaseById(String id) {
        return phases.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public int indexOf(String phaseId) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).id().equals(phaseId)) {
                return i;
            }
        }
        return -1;
    }
}
