package dev.sysstep.core.code;

import dev.sysstep.core.cpu.RegisterFile;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.MemoryFault;
import dev.sysstep.core.memory.Pop;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.process.ProcessState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The machine as one instruction sees it while it executes: registers, memory with the page-table
 * checks, the process, the C locals, and the control flow it asks for. It records every store and
 * every check so the step can be shown and undone.
 */
public final class Exec {
    private RegisterFile cpu;
    private final Memory memory;
    private final Symbols symbols;
    private final KernelConfig config;
    private ProcessState process;
    private Locals locals;
    // Most instructions record none of these: the lists exist only once something is added.
    private List<MemWrite> writes = List.of();
    private List<Pop> pops = List.of();
    private List<Check> checks = List.of();
    private List<Supplier<String>> notes = List.of();
    private String jump;
    private boolean transfers;
    private long transfer;
    private Outcome outcome;

    /** Thrown to abandon an instruction that faults; the engine undoes its partial effects. */
    public static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;

        Fault(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }

        @Override
        public String getMessage() {
            return outcome.description();
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    /** What an Exec keeps of what the instructions do. */
    public enum Mode {
        /** Nothing but the machine: a session's live run, a whole-path simulation. */
        RUN,
        /** Everything a person will look at: every store with its label and bytes, the pops, checks and notes. */
        RECORD
    }

    private final boolean recording;

    /** One Exec serves every instruction of a run: {@link #begin} sets it up for the next one. */
    public Exec(Memory memory, Symbols symbols, KernelConfig config, Mode mode) {
        this.memory = memory;
        this.symbols = symbols;
        this.config = config;
        this.recording = mode == Mode.RECORD;
    }

    /** Prepares for one instruction that starts from {@code cpu} (which it changes), the process and the locals. */
    public void begin(RegisterFile cpu, ProcessState process, Locals locals) {
        this.cpu = cpu;
        this.process = process;
        this.locals = locals;
        writes = List.of();
        pops = List.of();
        checks = List.of();
        notes = List.of();
        jump = null;
        transfers = false;
        outcome = null;
    }

    /**
     * Puts back every byte the current instruction stored (it faulted, so it changes nothing). Only a
     * recording Exec can: a run without history that faults is replayed up to the instruction before.
     */
    public void undoStores() {
        if (!recording) {
            throw new IllegalStateException("an unrecorded instruction cannot be undone");
        }
        for (int i = writes.size() - 1; i >= 0; i--) {
            memory.revert(writes.get(i));
        }
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
        return memory.readLong(address, size);
    }

    public long load64(long address) {
        return load(address, 8);
    }

    public void store(long address, long value, int size, String label) {
        store(address, value, size, label, MemWrite.Kind.STORE);
    }

    private void store(long address, long value, int size, String label, MemWrite.Kind kind) {
        checkAccess(address, size, true);
        if (recording) {
            record(memory.writeLong(address, value, size, labelFor(address, label), kind));
            return;
        }
        memory.putLong(address, value, size);
    }

    public void store64(long address, long value, String label) {
        store(address, value, 8, label);
    }

    /** A store the C code makes with its own checks already done (copy_to_user, pt_regs updates). */
    public void storeBytes(long address, byte[] data, String label) {
        if (recording) {
            record(memory.write(address, data, labelFor(address, label), MemWrite.Kind.STORE));
        } else {
            memory.put(address, data);
        }
    }

    private void record(MemWrite w) {
        if (writes.isEmpty()) {
            writes = new ArrayList<>(4);
        }
        writes.add(w);
    }

    private String labelFor(long address, String label) {
        if (label != null) {
            return label;
        }
        return symbols.nameAt(address).orElse("");
    }

    public void push(long value, String label) {
        pushAs(value, label, MemWrite.Kind.PUSH);
    }

    /** CALL's push of its return address. */
    public void pushReturnAddress(long value, String label) {
        pushAs(value, label, MemWrite.Kind.CALL);
    }

    private void pushAs(long value, String label, MemWrite.Kind kind) {
        long rsp = cpu.get(Reg.RSP) - 8;
        store(rsp, value, 8, label, kind);
        cpu.set(Reg.RSP, rsp);
    }

    /**
     * A 32-bit push in compatibility mode: ESP moves by 4 and wraps within 32 bits (the stack segment
     * is flat), and the upper half of RSP reads as zero.
     */
    public void push32(long value, String label) {
        long esp = (cpu.get(Reg.RSP) - 4) & 0xFFFF_FFFFL;
        store(esp, value & 0xFFFF_FFFFL, 4, label, MemWrite.Kind.PUSH);
        cpu.set(Reg.RSP, esp);
    }

    /** A 32-bit CALL's push of its return address, in compatibility mode. */
    public void pushReturnAddress32(long value, String label) {
        long esp = (cpu.get(Reg.RSP) - 4) & 0xFFFF_FFFFL;
        store(esp, value & 0xFFFF_FFFFL, 4, label, MemWrite.Kind.CALL);
        cpu.set(Reg.RSP, esp);
    }

    /** A 32-bit pop in compatibility mode. */
    public long pop32() {
        long esp = cpu.get(Reg.RSP) & 0xFFFF_FFFFL;
        long v = load(esp, 4);
        cpu.set(Reg.RSP, (esp + 4) & 0xFFFF_FFFFL);
        if (recording) {
            String label = symbols.nameAt(esp).or(() -> memory.slotLabel(esp)).orElse("");
            if (pops.isEmpty()) {
                pops = new ArrayList<>(4);
            }
            pops.add(new Pop(esp, v, label));
        }
        return v;
    }

    public long pop() {
        long rsp = cpu.get(Reg.RSP);
        long v = load64(rsp);
        cpu.set(Reg.RSP, rsp + 8);
        if (!recording) {
            return v;
        }
        String label = symbols.nameAt(rsp).or(() -> memory.slotLabel(rsp)).orElse("");
        if (pops.isEmpty()) {
            pops = new ArrayList<>(4);
        }
        pops.add(new Pop(rsp, v, label));
        return v;
    }

    public List<Pop> pops() {
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

    public <T> T local(Local<T> key) {
        return locals.require(key);
    }

    public <T> void setLocal(Local<T> key, T value) {
        locals = locals.with(key, value);
    }

    // ---- flow and reporting ----

    /** Continue at a label of the kernel code instead of the next instruction. */
    public void jump(String label) {
        jump = label;
    }

    /** Continue at whatever instruction lives at {@code address} (SYSCALL, SYSRET, IRET, RET). */
    public void transfer(long address) {
        transfers = true;
        transfer = address;
    }

    /** End the path after this instruction, keeping its effects. */
    public void end(Outcome o) {
        outcome = o;
    }

    public void end(Outcome.Kind kind, String description) {
        outcome = new Outcome(kind, description);
    }

    public void end(Outcome.Kind kind, Supplier<String> description) {
        outcome = new Outcome(kind, description);
    }

    /** Abandon this instruction: it faults and changes nothing; the path ends. */
    public void fault(Outcome.Kind kind, String description) {
        throw new Fault(new Outcome(kind, description));
    }

    public void fault(Outcome.Kind kind, Supplier<String> description) {
        throw new Fault(new Outcome(kind, description));
    }

    /** A check whose failure only changes the values that follow. */
    public void check(String id, boolean passed, Supplier<String> detail) {
        check(id, passed, detail, "");
    }

    /** A check whose detail text is built only if it is shown; {@code onFailure} says where a failure leads. */
    public void check(String id, boolean passed, Supplier<String> detail, String onFailure) {
        if (!recording) {
            return;
        }
        if (checks.isEmpty()) {
            checks = new ArrayList<>(2);
        }
        checks.add(new Check(id, passed, detail, onFailure));
    }

    public void note(String text) {
        note(() -> text);
    }

    /** A note built only if it is shown: capture values, not this Exec, which keeps changing. */
    public void note(Supplier<String> text) {
        if (!recording) {
            return;
        }
        if (notes.isEmpty()) {
            notes = new ArrayList<>(2);
        }
        notes.add(text);
    }

    public String jumpLabel() {
        return jump;
    }

    public boolean transfers() {
        return transfers;
    }

    public long transferAddress() {
        return transfer;
    }

    public Outcome outcome() {
        return outcome;
    }

    public List<Check> checks() {
        return checks;
    }

    public List<Supplier<String>> notes() {
        return notes;
    }
}
