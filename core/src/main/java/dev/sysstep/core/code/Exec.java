package dev.sysstep.core.code;

import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.MemoryFault;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.process.ProcessState;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine as one instruction sees it while it executes: registers, memory with the page-table
 * checks, the process, the C locals, and the control flow it asks for. It records every store and
 * every check so the step can be shown and undone.
 */
public final class Exec {
    private final CpuState before;
    private final CpuState.Builder cpu;
    private final Memory memory;
    private final Symbols symbols;
    private final KernelConfig config;
    private ProcessState process;
    private Locals locals;
    private final List<MemWrite> writes = new ArrayList<>();
    private final List<Popped> pops = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String jump;
    private Long transfer;
    private Outcome outcome;

    /** Thrown to abandon an instruction that faults; the engine undoes its partial effects. */
    public static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;

        Fault(Outcome outcome) {
            super(outcome.description(), null, false, false);
            this.outcome = outcome;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    public Exec(CpuState cpu, Memory memory, Symbols symbols, KernelConfig config, ProcessState process, Locals locals) {
        this.before = cpu;
        this.cpu = cpu.toBuilder();
        this.memory = memory;
        this.symbols = symbols;
        this.config = config;
        this.process = process;
        this.locals = locals;
    }

    // ---- registers ----

    public long get(Reg r) {
        return cpu.get(r);
    }

    public void set(Reg r, long value) {
        cpu.set(r, value);
    }

    public void setPartly(Reg r, long value, long undefinedMask) {
        cpu.setPartly(r, value, undefinedMask);
    }

    public void undefine(Reg r, long mask) {
        cpu.undefine(r, mask);
    }

    public long undefinedBits(Reg r) {
        return cpu.undefinedBits(r);
    }

    public long flags() {
        return cpu.get(Reg.RFLAGS);
    }

    /** Sets RFLAGS, keeping whatever bits of it are still undefined outside {@code known}. */
    public void setFlags(long value, long known) {
        long undef = cpu.undefinedBits(Reg.RFLAGS) & ~known;
        cpu.setPartly(Reg.RFLAGS, value, undef);
    }

    public void setFlags(long value) {
        setFlags(value, -1L);
    }

    public CpuState before() {
        return before;
    }

    public CpuState cpuNow() {
        return cpu.build();
    }

    public KernelConfig config() {
        return config;
    }

    public int cpl() {
        return (int) cpu.get(Reg.CPL);
    }

    // ---- memory ----

    public Memory memory() {
        return memory;
    }

    public Symbols symbols() {
        return symbols;
    }

    /** True while the PTI user page tables (CR3 bit 12) are loaded. */
    public boolean userPageTablesActive() {
        return (cpu.get(Reg.CR3) & (1L << 12)) != 0;
    }

    private void checkAccess(long address, int size, boolean write) {
        try {
            memory.check(address, size, write, cpl() == 3, userPageTablesActive());
        } catch (MemoryFault f) {
            fault(Outcome.Kind.PF, (cpl() == 0 ? "kernel-mode " : "user-mode ") + f.getMessage()
                    + (cpl() == 0 ? ": the kernel would oops here; not simulated further" : ""));
        }
    }

    public long load(long address, int size) {
        checkAccess(address, size, false);
        return Bytes.le(memory.read(address, size));
    }

    public long load64(long address) {
        return load(address, 8);
    }

    public void store(long address, long value, int size, String label) {
        checkAccess(address, size, true);
        record(memory.write(address, Bytes.le(value, size), labelFor(address, label)));
    }

    public void store64(long address, long value, String label) {
        store(address, value, 8, label);
    }

    /** A store the C code makes with its own checks already done (copy_to_user, pt_regs updates). */
    public void storeBytes(long address, byte[] data, String label) {
        record(memory.write(address, data, labelFor(address, label)));
    }

    private void record(MemWrite w) {
        writes.add(w);
    }

    private String labelFor(long address, String label) {
        if (label != null) {
            return label;
        }
        return symbols.nameAt(address).orElse("");
    }

    public void push(long value, String label) {
        long rsp = cpu.get(Reg.RSP) - 8;
        store64(rsp, value, label);
        cpu.set(Reg.RSP, rsp);
    }

    public long pop() {
        long rsp = cpu.get(Reg.RSP);
        long v = load64(rsp);
        cpu.set(Reg.RSP, rsp + 8);
        String label = symbols.nameAt(rsp).or(() -> memory.slotLabel(rsp)).orElse("");
        pops.add(new Popped(rsp, v, label));
        return v;
    }

    /** A stack slot a POP read and left behind. */
    public record Popped(long address, long value, String label) {
    }

    public List<Popped> pops() {
        return pops;
    }

    public List<MemWrite> writes() {
        return writes;
    }

    // ---- process and C locals ----

    public ProcessState process() {
        return process;
    }

    public void setProcess(ProcessState p) {
        process = p;
    }

    public Locals locals() {
        return locals;
    }

    public long local(String name) {
        return locals.getLong(name);
    }

    public void setLocal(String name, Object value) {
        locals = locals.with(name, value);
    }

    // ---- flow and reporting ----

    /** Continue at a label of the kernel code instead of the next instruction. */
    public void jump(String label) {
        jump = label;
    }

    /** Continue at whatever instruction lives at {@code address} (SYSCALL, SYSRET, IRET, RET). */
    public void transfer(long address) {
        transfer = address;
    }

    /** End the path after this instruction, keeping its effects. */
    public void end(Outcome.Kind kind, String description) {
        outcome = new Outcome(kind, description);
    }

    /** Abandon this instruction: it faults and changes nothing; the path ends. */
    public void fault(Outcome.Kind kind, String description) {
        throw new Fault(new Outcome(kind, description));
    }

    public void check(String id, boolean passed, String detail) {
        checks.add(new Check(id, passed, detail));
    }

    public void note(String text) {
        notes.add(text);
    }

    public String jumpLabel() {
        return jump;
    }

    public Long transferAddress() {
        return transfer;
    }

    public Outcome outcome() {
        return outcome;
    }

    public List<Check> checks() {
        return checks;
    }

    public List<String> notes() {
        return notes;
    }
}
