package dev.sysstep.core.code;

import java.util.HashMap;
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
    /** Label name to instruction number: a jump looks up its target here. */
    private final Map<String, Integer> labelIndex = new HashMap<>();
    /** Instruction addresses in ascending order, with each one's instruction number beside it. */
    private final long[] addresses;
    private final int[] addressIndex;

    /** Every instruction numbered 0..n-1 in address order, with its location: the engine's inner loop reads these. */
    private final Insn[] flat;
    private final Location[] flatLocations;
    private final int[] phaseStart;

    KernelCode(List<Phase> phases, Map<String, Location> labels, Map<Long, Location> byAddress) {
        this.phases = List.copyOf(phases);
        this.labels = new HashMap<>(labels);
        this.byAddress = Map.copyOf(byAddress);
        int n = this.phases.size();
        phaseStart = new int[n];
        int total = 0;
        for (int p = 0; p < n; p++) {
            phaseStart[p] = total;
            total += this.phases.get(p).insns().size();
        }
        flat = new Insn[total];
        flatLocations = new Location[total];
        for (int p = 0; p < n; p++) {
            List<Insn> insns = this.phases.get(p).insns();
            for (int i = 0; i < insns.size(); i++) {
                flat[phaseStart[p] + i] = insns.get(i);
                flatLocations[phaseStart[p] + i] = new Location(p, i);
            }
        }
        this.labels.forEach((name, at) -> labelIndex.put(name, index(at)));
        long[][] pairs = this.byAddress.entrySet().stream()
                .map(e -> new long[] {e.getKey(), index(e.getValue())})
                .sorted((a, b) -> Long.compare(a[0], b[0])).toArray(long[][]::new);
        addresses = new long[pairs.length];
        addressIndex = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            addresses[i] = pairs[i][0];
            addressIndex[i] = (int) pairs[i][1];
        }
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

    /** The instruction's number in address order; falling through goes to the next number. */
    public int index(Location l) {
        return phaseStart[l.phase()] + l.insn();
    }

    public Location location(int index) {
        return flatLocations[index];
    }

    public Insn insnAt(int index) {
        return flat[index];
    }

    /** The number of instructions in all phases. */
    public int size() {
        return flat.length;
    }

    public Optional<Location> label(String name) {
        return Optional.ofNullable(labels.get(name));
    }

    public Optional<Location> at(long address) {
        int i = indexAt(address);
        return i < 0 ? Optional.empty() : Optional.of(flatLocations[i]);
    }

    /** The number of the instruction at {@code address}, or -1 when no simulated instruction lives there. */
    public int indexAt(long address) {
        int k = java.util.Arrays.binarySearch(addresses, address);
        return k < 0 ? -1 : addressIndex[k];
    }

    /** The number of the instruction a label names, or -1 when there is no such label. */
    public int labelIndex(String name) {
        Integer i = labelIndex.get(name);
        return i == null ? -1 : i;
    }

    /**
     * The kernel symbol at an address of the simulated code, such as entry_SYSCALL_64 at LSTAR's value:
     * a label spelled like a C identifier (not a local {@code .L} label or a phase id).
     */
    public Optional<String> symbolAt(long address) {
        Location at = byAddress.get(address);
        if (at == null) {
            return Optional.empty();
        }
        String first = null;
        for (Map.Entry<String, Location> e : labels.entrySet()) {
            if (e.getValue().equals(at) && isCIdentifier(e.getKey()) && (first == null || e.getKey().compareTo(first) < 0)) {
                first = e.getKey();
            }
        }
        return Optional.ofNullable(first);
    }

    /** A C symbol name ([A-Za-z_][A-Za-z0-9_]*), not a local label such as .Lnoflush; no regex at start-up. */
    private static boolean isCIdentifier(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The program's own instructions, in address order: those of the phases that run in main (the call
     * chain is just {@code main}), as opposed to the vDSO, libc or the kernel.
     */
    public java.util.List<Insn> programInstructions() {
        java.util.List<Insn> out = new java.util.ArrayList<>();
        for (Phase p : phases) {
            if (p.frames().equals(java.util.List.of("main"))) {
                for (Insn i : p.insns()) {
                    if (i.hasAddress() && i.length() > 0) {
                        out.add(i);
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Insn::address));
        return out;
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
