package dev.sysstep.core.session;

import dev.sysstep.core.code.Locals;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.process.ProcessState;
import java.util.List;

/**
 * What a position holds besides the CPU, memory contents and where execution goes next: the region
 * table, the process and the C locals. Shared, not copied: most instructions change none of it.
 */
record Situation(List<Region> regions, ProcessState process, Locals locals) {
    /** This situation, or a new one when any part differs (by identity: the parts are immutable). */
    Situation with(List<Region> r, ProcessState p, Locals l) {
        return r == regions && p == process && l == locals ? this : new Situation(r, p, l);
    }
}
