package dev.sysstep.core.session;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Locals;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.process.FileKind;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.process.ProcessState;
import dev.sysstep.core.syscall.CallSite;
import dev.sysstep.core.syscall.SyscallTable;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One simulated run: a kernel profile, a user program, and the history of every instruction
 * executed so far. Moving forward executes (or replays) instructions; moving back restores the
 * exact earlier state from the recorded stores. Edits made at the start are part of the scenario
 * and survive {@code reset}, a new program and a new profile; edits made later change only the
 * current timeline and discard the recorded future, as in a reverse debugger.
 */
public final class Session {
    /** No single command executes more instructions than this; a path is a few hundred at most. */
    static final int MAX_INSTRUCTIONS = 100_000;

    private KernelConfig config;
    private UserProgram program;
    private LinuxPath.Build build;
    private Memory memory;
    private Engine engine;
    private final List<Snapshot> states = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<List<MemWrite>> edits = new ArrayList<>();
    private final List<Consumer<Session>> setup = new ArrayList<>();
    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private int position;
    private int nextBreakpointId = 1;
    private boolean replaying;

    /** A breakpoint on phase ids matching a glob ({@code exit.check.*}). */
    public record Breakpoint(int id, String glob, Pattern pattern) {
        boolean matches(String phaseId) {
            return pattern.matcher(phaseId).matches();
        }
    }

    /** A watch: stop when the value of the target changes. */
    public record Watch(int id, Target target) {
    }

    public Session(KernelConfig config, UserProgram program) {
        this.config = config;
        this.program = program;
        rebuild();
    }

    /** A session on code already built for its profile and program (benchmarks reuse one build). */
    public Session(LinuxPath.Build prebuilt) {
        this.config = prebuilt.config();
        this.program = prebuilt.program();
        rebuildFrom(prebuilt);
    }

    /** The default session: kernel 6.1, KPTI and PCID on, the seed's write(1, "hi\n", 3). */
    public static Session defaults() {
        return new Session(KernelConfig.defaults(), UserProgram.seedWrite());
    }

    // ------------------------------------------------------------------ structure

    public KernelConfig config() {
        return config;
    }

    public UserProgram program() {
        return program;
    }

    public KernelCode code() {
        return build.code();
    }

    public Symbols symbols() {
        return build.symbols();
    }

    public int position() {
        return position;
    }

    /** The number of instructions recorded so far (some may lie ahead of the position, after going back). */
    public int recorded() {
        return steps.size();
    }

    public Snapshot state() {
        return states.get(position);
    }

    public Snapshot state(int pos) {
        checkPosition(pos);
        return states.get(pos);
    }

    /** The instruction that led to position {@code number} (1-based). */
    public Step stepAt(int number) {
        if (number < 1 || number > steps.size()) {
            throw new SysstepException("no step " + number + " (recorded: 1.." + steps.size() + ")");
        }
        return steps.get(number - 1);
    }

    public Optional<Step> lastStep() {
        return position == 0 ? Optional.empty() : Optional.of(steps.get(position - 1));
    }

    public boolean finished() {
        return state().finished();
    }

    /** The phase about to run, or empty at the end. */
    public Optional<Phase> currentPhase() {
        Location next = state().next();
        return next == null ? Optional.empty() : Optional.of(code().phaseAt(next));
    }

    /** The phase of the instruction executed last, if any. */
    public Optional<Phase> previousPhase() {
        return lastStep().map(Step::phase);
    }

    /** Memory as it is at the current position (read-only use). */
    public Memory memory() {
        return memory;
    }

    public long pendingInstructionAddress() {
        Location next = state().next();
        return next == null ? -1 : code().insn(next).address();
    }

    // ------------------------------------------------------------------ building

    private void rebuild() {
        rebuildFrom(LinuxPath.build(config, program));
    }

    private void rebuildFrom(LinuxPath.Build b) {
        build = b;
        memory = build.initialMemory();
        engine = new Engine(build.code(), build.symbols(), config, memory, true);
        states.clear();
        steps.clear();
        edits.clear();
        states.add(new Snapshot(build.cpu(), memory.regions(), build.process(), Locals.empty(), code().first(), null));
        edits.add(new ArrayList<>());
        position = 0;
        replaying = true;
        try {
            for (Consumer<Session> op : setup) {
                try {
                    op.accept(this);
                } catch (SysstepException ignored) {
                    // A setup edit that no longer applies (say, to a program without a message) is dropped.
                }
            }
        } finally {
            replaying = false;
        }
    }

    /** Changes the kernel profile or switches; the run restarts, and setup edits are applied again. */
    public void configure(KernelConfig c) {
        this.config = c;
        rebuild();
    }

    /** Replaces the user program; the run restarts, and setup edits are applied again. */
    public void setProgram(UserProgram p) {
        this.program = p;
        rebuild();
    }

    /** Back to the start, forgetting everything executed; setup edits stay. */
    public Motion reset() {
        int from = position;
        while (position > 0) {
            backOne();
        }
        truncateFuture();
        return new Motion(from, 0, from == 0 ? Motion.Stop.NONE : Motion.Stop.START, "");
    }

    // ------------------------------------------------------------------ moving forward

    private boolean forwardOne() {
        Snapshot s = states.get(position);
        if (s.finished()) {
            return false;
        }
        if (position < steps.size()) {
            for (MemWrite w : steps.get(position).writes()) {
                memory.apply(w);
            }
            position++;
            for (MemWrite w : edits.get(position)) {
                memory.apply(w);
            }
            memory.setRegions(states.get(position).regions());
            return true;
        }
        Engine.Result r = engine.execute(s, position + 1);
        steps.add(r.step());
        states.add(r.after());
        edits.add(List.of());
        position++;
        return true;
    }

    private boolean backOne() {
        if (position == 0) {
            return false;
        }
        List<MemWrite> e = edits.get(position);
        for (int i = e.size() - 1; i >= 0; i--) {
            memory.revert(e.get(i));
        }
        List<MemWrite> w = steps.get(position - 1).writes();
        for (int i = w.size() - 1; i >= 0; i--) {
            memory.revert(w.get(i));
        }
        position--;
        memory.setRegions(states.get(position).regions());
        return true;
    }

    private boolean atPhaseStart(int pos) {
        Location next = states.get(pos).next();
        return next == null || next.insn() == 0;
    }

    private int depthAt(int pos) {
        Location next = states.get(pos).next();
        return next == null ? 0 : code().phaseAt(next).depth();
    }

    /** Executes one phase (the rest of the current one, if stopped inside it). */
    private boolean forwardPhase() {
        if (!forwardOne()) {
            return false;
        }
        int guard = 0;
        while (!atPhaseStart(position) && guard++ < MAX_INSTRUCTIONS) {
            Location prev = steps.get(position - 1).location();
            Location next = states.get(position).next();
            if (next.phase() != prev.phase()) {
                break;
            }
            forwardOne();
        }
        return true;
    }

    private final class Mover {
        final int from = position;
        final boolean honour;
        Motion.Stop stop = Motion.Stop.DONE;
        Supplier<String> detail = () -> "";
        final Map<Watch, long[]> watchValues = new LinkedHashMap<>();

        Mover(boolean honourBreaksAndWatches) {
            this.honour = honourBreaksAndWatches;
            if (honour) {
                for (Watch w : watches) {
                    watchValues.put(w, read(w.target()));
                }
            }
        }

        /** Moves one phase (or one instruction) and reports whether the movement may continue. */
        boolean advance(boolean wholePhase) {
            boolean moved = wholePhase ? forwardPhase() : forwardOne();
            if (!moved || finished()) {
                stop = Motion.Stop.END;
                Outcome end = state().outcome();
                detail = () -> end == null ? "" : end.description();
                return false;
            }
            if (honour) {
                for (Map.Entry<Watch, long[]> e : watchValues.entrySet()) {
                    long[] now = read(e.getKey().target());
                    if (!Arrays.equals(now, e.getValue())) {
                        stop = Motion.Stop.WATCH;
                        long was = e.getValue()[0];
                        Watch w = e.getKey();
                        detail = () -> String.format("watch %d: %s changed: 0x%x -> 0x%x", w.id(), w.target().name(),
                                was, now[0]);
                        e.setValue(now);
                        return false;
                    }
                }
                if (atPhaseStart(position)) {
                    Optional<Phase> p = currentPhase();
                    for (Breakpoint b : breakpoints) {
                        if (p.isPresent() && b.matches(p.get().id())) {
                            stop = Motion.Stop.BREAKPOINT;
                            String id = p.get().id();
                            detail = () -> "breakpoint " + b.id() + " (" + b.glob() + ") at " + id;
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        Motion done() {
            return new Motion(from, position, position == from && stop == Motion.Stop.DONE ? Motion.Stop.NONE : stop, detail);
        }
    }

    /** {@code stepi N}: N instructions; stops early at the end, at a breakpoint or a changed watch. */
    public Motion stepi(int n) {
        requireCount(n);
        Mover m = new Mover(true);
        for (int i = 0; i < n && m.advance(false); i++) {
            // moving
        }
        return m.done();
    }

    /** {@code step N}: N phases. */
    public Motion step(int n) {
        requireCount(n);
        Mover m = new Mover(true);
        for (int i = 0; i < n && m.advance(true); i++) {
            // moving
        }
        return m.done();
    }

    /** {@code next}: one phase, stepping over calls into deeper frames (the whole C part from the call). */
    public Motion next() {
        int depth = depthAt(position);
        Mover m = new Mover(true);
        if (!m.advance(true)) {
            return m.done();
        }
        int guard = 0;
        while (depthAt(position) > depth && guard++ < MAX_INSTRUCTIONS && m.advance(true)) {
            // moving
        }
        return m.done();
    }

    /** {@code finish}: run until the current function returns to its caller. */
    public Motion finish() {
        int depth = depthAt(position);
        if (depth <= 1) {
            throw new SysstepException("\"finish\" not meaningful in the outermost frame ("
                    + currentPhase().map(p -> p.frames().get(0)).orElse("end of path") + ")");
        }
        Mover m = new Mover(true);
        int guard = 0;
        while (guard++ < MAX_INSTRUCTIONS && m.advance(true) && depthAt(position) >= depth) {
            // moving
        }
        return m.done();
    }

    /** {@code continue}: until a breakpoint, a changed watch, or the end. */
    public Motion cont() {
        Mover m = new Mover(true);
        int guard = 0;
        while (guard++ < MAX_INSTRUCTIONS && m.advance(true)) {
            // moving
        }
        return m.done();
    }

    /** {@code run}: to the end of the path, ignoring breakpoints and watches. */
    public Motion run() {
        Mover m = new Mover(false);
        int guard = 0;
        while (guard++ < MAX_INSTRUCTIONS && m.advance(false)) {
            // moving
        }
        return m.done();
    }

    // ------------------------------------------------------------------ moving back

    /** {@code backi N}: N instructions back. */
    public Motion backi(int n) {
        requireCount(n);
        int from = position;
        for (int i = 0; i < n && backOne(); i++) {
            // moving
        }
        return new Motion(from, position, position == 0 && from != 0 ? Motion.Stop.START
                : position == from ? Motion.Stop.NONE : Motion.Stop.DONE, "");
    }

    /** {@code back N}: N phases back (to the start of the phase N phases ago). */
    public Motion back(int n) {
        requireCount(n);
        int from = position;
        for (int i = 0; i < n && position > 0; i++) {
            backOne();
            while (position > 0 && !atPhaseStart(position)) {
                backOne();
            }
        }
        return new Motion(from, position, position == 0 && from != 0 ? Motion.Stop.START
                : position == from ? Motion.Stop.NONE : Motion.Stop.DONE, "");
    }

    /** {@code goto N}: to position N (the state after N instructions). */
    public Motion goTo(int target) {
        if (target < 0) {
            throw new SysstepException("step number must be 0 or more, not " + target);
        }
        int from = position;
        while (position > target) {
            backOne();
        }
        int guard = 0;
        while (position < target && guard++ < MAX_INSTRUCTIONS) {
            if (!forwardOne()) {
                int end = position;
                throw new SysstepException("the path ends after step " + end + "; no step " + target
                        + restoreAfterFailedGoto(from));
            }
        }
        return new Motion(from, position, position == from ? Motion.Stop.NONE : Motion.Stop.DONE, "");
    }

    private String restoreAfterFailedGoto(int from) {
        while (position > from) {
            backOne();
        }
        return "";
    }

    /** {@code goto PHASE}: to the first time that phase starts on this run's path. */
    public Motion goTo(String phaseId) {
        if (code().phaseById(phaseId).isEmpty()) {
            throw new SysstepException("unknown phase '" + phaseId + "'" + suggestPhase(phaseId));
        }
        List<PathEntry> path = path();
        for (PathEntry e : path) {
            if (e.phase().id().equals(phaseId)) {
                return goTo(e.position());
            }
        }
        throw new SysstepException("phase '" + phaseId + "' is not on this run's path");
    }

    private String suggestPhase(String id) {
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (Phase p : code().phases()) {
            int d = editDistance(id, p.id());
            if (d < bestScore) {
                bestScore = d;
                best = p.id();
            }
        }
        return best != null && bestScore <= Math.max(3, id.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ------------------------------------------------------------------ the whole path

    /** A phase of the run's path and the position where it starts. */
    public record PathEntry(int position, Phase phase) {
    }

    /**
     * The whole path from the start to its end, computed by running it (the result is recorded, so
     * stepping there later replays it). The current position does not change.
     */
    public List<PathEntry> path() {
        int here = position;
        int guard = 0;
        while (forwardOne() && guard++ < MAX_INSTRUCTIONS) {
            // extend the recorded future to the end
        }
        while (position > here) {
            backOne();
        }
        List<PathEntry> out = new ArrayList<>();
        for (int p = 0; p < states.size(); p++) {
            Location next = states.get(p).next();
            if (next != null && next.insn() == 0) {
                out.add(new PathEntry(p, code().phaseAt(next)));
            }
        }
        return out;
    }

    /** The last position of the path (its end), computed like {@link #path()}. */
    public int endPosition() {
        path();
        return states.size() - 1;
    }

    // ------------------------------------------------------------------ breakpoints and watches

    public Breakpoint addBreakpoint(String glob) {
        String g = glob.strip();
        if (g.isEmpty()) {
            throw new SysstepException("break needs a phase id or a glob, such as exit.check.*");
        }
        Pattern p = Pattern.compile(globToRegex(g));
        boolean any = code().phases().stream().anyMatch(ph -> p.matcher(ph.id()).matches());
        if (!any && !g.contains("*") && !g.contains("?")) {
            throw new SysstepException("unknown phase '" + g + "'" + suggestPhase(g));
        }
        Breakpoint b = new Breakpoint(nextBreakpointId++, g, p);
        breakpoints.add(b);
        return b;
    }

    private static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return b.toString();
    }

    public Watch addWatch(String expr) {
        Target t = Target.parse(expr).orElseThrow(() -> new SysstepException("cannot watch '" + expr
                + "': give a register (rcx), an MSR (kernel_gs_base) or a pt_regs field (ptregs.ip)"));
        Watch w = new Watch(nextBreakpointId++, t);
        watches.add(w);
        return w;
    }

    /** Deletes a breakpoint or watch by number, or all of them with null. */
    public void delete(Integer id) {
        if (id == null) {
            breakpoints.clear();
            watches.clear();
            return;
        }
        boolean removed = breakpoints.removeIf(b -> b.id() == id) | watches.removeIf(w -> w.id() == id);
        if (!removed) {
            throw new SysstepException("no breakpoint or watch number " + id);
        }
    }

    public List<Breakpoint> breakpoints() {
        return Collections.unmodifiableList(breakpoints);
    }

    public List<Watch> watches() {
        return Collections.unmodifiableList(watches);
    }

    // ------------------------------------------------------------------ reading values

    /** The value of a target now: {value, undefined-bits}. */
    public long[] read(Target t) {
        return read(t, position);
    }

    private long[] read(Target t, int pos) {
        if (t instanceof Target.Register r) {
            CpuState c = states.get(pos).cpu();
            return new long[] {c.get(r.reg()), c.undefinedBits(r.reg())};
        }
        Target.PtRegsField f = (Target.PtRegsField) t;
        if (pos != position) {
            throw new IllegalStateException("pt_regs can only be read at the current position");
        }
        return new long[] {memory.read64(ptRegsAddress() + f.field().offset()), 0};
    }

    public long ptRegsAddress() {
        return Layout.ptRegs(config.version());
    }

    /** Bytes at an address at the current position; unmapped memory is an error. */
    public byte[] readMemory(long address, int length) {
        if (!memory.isMapped(address, length)) {
            Optional<Region> r = memory.regionAt(address);
            throw new SysstepException(String.format("cannot access memory at 0x%x: %s", address,
                    r.isEmpty() ? "not mapped" : "the range runs past " + r.get().name()));
        }
        return memory.read(address, length);
    }

    /** The label of a memory slot, from the symbol table or from the last writer. */
    public String labelAt(long address) {
        return symbols().nameAt(address).or(() -> memory.slotLabel(address)).orElse("");
    }

    /** The kernel call chain at the current position, innermost first. */
    public List<String> callChain() {
        Optional<Phase> p = currentPhase().or(this::previousPhase);
        if (p.isEmpty()) {
            return List.of();
        }
        List<String> frames = new ArrayList<>(p.get().frames());
        if ("x32".equals(state().locals().get("abi").orElse(""))) {
            frames.replaceAll(f -> f.replace("x64_sys_call", "x32_sys_call").replace("do_syscall_x64", "do_syscall_x32"));
        }
        return frames;
    }

    // ------------------------------------------------------------------ edits

    /** The edits at the current position, as a list that takes more (most positions have none). */
    private List<MemWrite> editsHere() {
        List<MemWrite> e = edits.get(position);
        if (!(e instanceof ArrayList)) {
            e = new ArrayList<>(e);
            edits.set(position, e);
        }
        return e;
    }

    private void truncateFuture() {
        while (steps.size() > position) {
            steps.remove(steps.size() - 1);
            states.remove(states.size() - 1);
            edits.remove(edits.size() - 1);
        }
    }

    private void beginEdit() {
        if (finished()) {
            throw new SysstepException("the path has ended; go back or reset before changing the machine");
        }
        truncateFuture();
    }

    private void recordSetup(Consumer<Session> op) {
        if (position == 0 && !replaying) {
            setup.add(op);
        }
    }

    /** Sets a register or MSR, as a debugger would. */
    public void setRegister(Reg r, long value) {
        validateRegister(r, value);
        beginEdit();
        Snapshot s = state();
        long v = value;
        if (r == Reg.RFLAGS) {
            v |= RFlags.FIXED;
        } else if (r == Reg.EFER) {
            v = (value & ~ControlBits.EFER_LMA) | (s.cpu().get(Reg.EFER) & ControlBits.EFER_LMA);
        }
        CpuState cpu = s.cpu().with(r, v);
        Location next = s.next();
        Outcome outcome = null;
        if (r == Reg.RIP) {
            Optional<Location> at = code().at(v);
            if (at.isEmpty()) {
                next = null;
                outcome = new Outcome(Outcome.Kind.LEFT_CODE, String.format("RIP was set to 0x%x, where no simulated "
                        + "instruction lives", v));
            } else {
                next = at.get();
            }
        }
        states.set(position, new Snapshot(cpu, s.regions(), s.process(), s.locals(), next, outcome));
        long finalV = v;
        recordSetup(x -> x.setRegister(r, finalV));
    }

    private void validateRegister(Reg r, long value) {
        switch (r.kind()) {
            case SEGMENT, HIDDEN -> throw new SysstepException(r.label() + " cannot be set: its hidden descriptor cache "
                    + "would not follow. Set ptregs." + r.label() + " to change what IRET loads.");
            case CONTROL -> {
                if (r == Reg.CR4) {
                    throw new SysstepException("cr4 cannot be set; use `config pcid on|off` and `config la57 on|off`");
                }
            }
            case FLAGS -> {
                if ((value & ~RFlags.DEFINED) != 0) {
                    throw new SysstepException(String.format("rflags 0x%x sets reserved bits 0x%x", value,
                            value & ~RFlags.DEFINED));
                }
                if ((value & RFlags.VM) != 0) {
                    throw new SysstepException("rflags.VM cannot be set in 64-bit mode");
                }
            }
            case MSR -> {
                if (r == Reg.EFER && ((value ^ Layout.EFER) & ~(ControlBits.EFER_SCE | ControlBits.EFER_NXE | ControlBits.EFER_LMA)) != 0) {
                    throw new SysstepException("only EFER.SCE and EFER.NXE can be changed here: clearing LME in long "
                            + "mode raises #GP, and LMA is read-only");
                }
                if (r == Reg.STAR && (value & 0xFFFF_FFFFL) != 0) {
                    // legal for WRMSR, but the 64-bit path never uses STAR[31:0]; allow it.
                    break;
                }
            }
            default -> {
            }
        }
    }

    /** Sets a pt_regs field in kernel memory, as a tracer (or a signal handler's sigreturn) would. */
    public void setPtRegs(PtRegs.Field field, long value) {
        if (state().cpu().cpl() != 0 || !ptRegsBuilt()) {
            throw new SysstepException("pt_regs can only be changed while the kernel is running on it (after "
                    + "entry.push_regs and before the exit path restores the registers)");
        }
        beginEdit();
        long addr = ptRegsAddress() + field.offset();
        MemWrite w = memory.write64(addr, value, field.label());
        editsHere().add(w);
    }

    /** True once the last push of entry.push_regs has run and no POP_REGS has started since. */
    private boolean ptRegsBuilt() {
        boolean built = false;
        for (int i = 0; i < position; i++) {
            Step st = steps.get(i);
            String id = st.phase().id();
            if (id.equals("entry.push_regs") && st.location().insn() == st.phase().insns().size() - 1) {
                built = true;
            }
            if (id.endsWith(".pop_regs")) {
                built = false;
            }
        }
        return built;
    }

    /** {@code mem ADDR "bytes"}: stores bytes, mapping user pages first when needed. */
    public void setMemory(long address, byte[] data) {
        if (data.length == 0) {
            throw new SysstepException("mem needs at least one byte");
        }
        long end = address + data.length;
        if (Long.compareUnsigned(end, address) < 0) {
            throw new SysstepException("the range wraps around the address space");
        }
        beginEdit();
        if (!memory.isMapped(address, data.length)) {
            if (Long.compareUnsigned(end, config.taskSizeMax()) > 0) {
                throw new SysstepException(String.format("0x%x is not mapped, and only user addresses (below 0x%x) can "
                        + "be mapped", address, config.taskSizeMax()));
            }
            long page = address & -Limits.PAGE_SIZE;
            while (Long.compareUnsigned(page, end) < 0) {
                if (memory.regionAt(page).isEmpty()) {
                    memory.addRegion(new Region("user memory (mem)", page, page + Limits.PAGE_SIZE, true, true, false));
                }
                page += Limits.PAGE_SIZE;
            }
            states.set(position, state().withRegions(memory.regions()));
        }
        MemWrite w = memory.write(address, data, null);
        editsHere().add(w);
        recordSetup(x -> x.setMemory(address, data.clone()));
    }

    /** How {@code open} opens a file. */
    public enum OpenMode { RDONLY, WRONLY, RDWR }

    /** {@code open PATH MODE [as FD]}: returns the fd used. */
    public int openFile(String path, OpenMode mode, Integer fd) {
        beginEdit();
        ProcessState p = state().process();
        int n = fd == null ? p.lowestFreeFd() : fd;
        if (n < 0 || n >= ProcessState.MAX_FDS) {
            throw new SysstepException("fd " + n + " is outside 0.." + (ProcessState.MAX_FDS - 1));
        }
        if (p.fds().containsKey(n)) {
            throw new SysstepException("fd " + n + " is already open (" + p.fds().get(n).path() + ")");
        }
        FileKind kind = switch (path) {
            case "/dev/null" -> FileKind.NULL;
            case "/dev/tty", "/dev/pts/0" -> FileKind.TTY;
            default -> FileKind.REGULAR;
        };
        if (kind == FileKind.REGULAR && !path.startsWith("/")) {
            throw new SysstepException("give an absolute path, such as /tmp/out.txt, /dev/null or /dev/pts/0");
        }
        OpenFile f = new OpenFile(kind, kind == FileKind.TTY ? "/dev/pts/0" : path, mode != OpenMode.WRONLY,
                mode != OpenMode.RDONLY, -1, 0);
        ProcessState next = p.withFd(n, f);
        if (kind == FileKind.REGULAR && !p.files().containsKey(path)) {
            next = next.withFile(path, new byte[0]);
        }
        states.set(position, state().withProcess(next));
        recordSetup(x -> x.openFile(path, mode, n));
        return n;
    }

    /** {@code pipe R W}: a new pipe with its read end on fd R and its write end on fd W. */
    public void pipe(int readFd, int writeFd) {
        beginEdit();
        ProcessState p = state().process();
        for (int fd : new int[] {readFd, writeFd}) {
            if (fd < 0 || fd >= ProcessState.MAX_FDS) {
                throw new SysstepException("fd " + fd + " is outside 0.." + (ProcessState.MAX_FDS - 1));
            }
            if (p.fds().containsKey(fd)) {
                throw new SysstepException("fd " + fd + " is already open (" + p.fds().get(fd).path() + ")");
            }
        }
        if (readFd == writeFd) {
            throw new SysstepException("the two ends of a pipe need two different fds");
        }
        int id = p.nextPipeId();
        String name = "pipe:[" + id + "]";
        ProcessState next = p.withPipe(id, new byte[0])
                .withFd(readFd, new OpenFile(FileKind.PIPE_READ, name, true, false, id, 0))
                .withFd(writeFd, new OpenFile(FileKind.PIPE_WRITE, name, false, true, id, 0));
        states.set(position, state().withProcess(next));
        recordSetup(x -> x.pipe(readFd, writeFd));
    }

    /** Bytes typed on the simulated terminal, waiting to be read. */
    public void setTerminalInput(byte[] input) {
        beginEdit();
        states.set(position, state().withProcess(state().process().withTerminalInput(input)));
        recordSetup(x -> x.setTerminalInput(input.clone()));
    }

    // ------------------------------------------------------------------ diff and result

    /** What differs between positions {@code a} and {@code b}, either order. */
    public StateDiff diff(int a, int b) {
        checkPosition(a);
        checkPosition(b);
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        Map<String, long[]> slots = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (int p = lo + 1; p <= hi; p++) {
            List<MemWrite> all = new ArrayList<>(steps.get(p - 1).writes());
            all.addAll(edits.get(p));
            for (MemWrite w : all) {
                String key = w.address() + ":" + w.size();
                long[] v = slots.get(key);
                if (v == null) {
                    slots.put(key, new long[] {w.address(), w.size(), w.beforeValue(), w.afterValue()});
                } else {
                    v[3] = w.afterValue();
                }
                if (!w.label().isEmpty()) {
                    labels.put(key, w.label());
                }
            }
        }
        List<StateDiff.MemChange> mem = new ArrayList<>();
        for (Map.Entry<String, long[]> e : slots.entrySet()) {
            long[] v = e.getValue();
            long before = a <= b ? v[2] : v[3];
            long after = a <= b ? v[3] : v[2];
            if (before != after) {
                String label = labels.getOrDefault(e.getKey(), labelAt(v[0]));
                mem.add(new StateDiff.MemChange(v[0], (int) v[1], before, after, label));
            }
        }
        Snapshot sa = states.get(a);
        Snapshot sb = states.get(b);
        List<StateDiff.RegChange> regs = new ArrayList<>();
        for (Reg r : Reg.values()) {
            if (!sa.cpu().sameAs(sb.cpu(), r)) {
                regs.add(new StateDiff.RegChange(r, sa.cpu().get(r), sb.cpu().get(r), sa.cpu().undefinedBits(r),
                        sb.cpu().undefinedBits(r)));
            }
        }
        List<StateDiff.FdChange> fds = new ArrayList<>();
        ProcessState pa = sa.process();
        ProcessState pb = sb.process();
        java.util.TreeSet<Integer> keys = new java.util.TreeSet<>(pa.fds().keySet());
        keys.addAll(pb.fds().keySet());
        for (int fd : keys) {
            OpenFile fa = pa.fds().get(fd);
            OpenFile fb = pb.fds().get(fd);
            if (!java.util.Objects.equals(fa, fb)) {
                fds.add(new StateDiff.FdChange(fd, fa, fb));
            }
        }
        byte[] ta = pa.terminalOutput();
        byte[] tb = pb.terminalOutput();
        boolean termChanged = !Arrays.equals(ta, tb);
        List<String> other = new ArrayList<>();
        for (int id : new java.util.TreeSet<>(pb.pipes().keySet())) {
            if (!Arrays.equals(pa.pipe(id), pb.pipe(id))) {
                other.add(String.format("pipe:[%d] holds %d bytes (was %d)", id, pb.pipe(id).length, pa.pipe(id).length));
            }
        }
        for (String path : new java.util.TreeSet<>(pb.files().keySet())) {
            if (!Arrays.equals(pa.file(path), pb.file(path))) {
                other.add(String.format("%s is %d bytes (was %d)", path, pb.file(path).length, pa.file(path).length));
            }
        }
        if (!Arrays.equals(pa.terminalInput(), pb.terminalInput())) {
            other.add(String.format("terminal input: %d bytes waiting (was %d)", pb.terminalInput().length,
                    pa.terminalInput().length));
        }
        if (!pa.exitStatus().equals(pb.exitStatus())) {
            other.add("process exited with status " + pb.exitStatus().map(String::valueOf).orElse("-"));
        }
        return new StateDiff(a, b, regs, mem, fds, termChanged ? ta : null, termChanged ? tb : null, other);
    }

    /** How the syscall came out, once the path has ended. */
    public Optional<SyscallResult> result() {
        if (!finished()) {
            return Optional.empty();
        }
        return Optional.of(resultOf(state(), memory, config));
    }

    static SyscallResult resultOf(Snapshot s, Memory memory, KernelConfig config) {
        Outcome o = s.outcome();
        CallSite call = (CallSite) s.locals().get("call").orElse(null);
        long nr = call == null ? s.cpu().get(Reg.RAX) : call.rax();
        String name = syscallName(nr, config);
        OptionalLong ret = OptionalLong.empty();
        if (o != null && (o.kind() == Outcome.Kind.SYSRET || o.kind() == Outcome.Kind.IRET)) {
            ret = OptionalLong.of(s.cpu().get(Reg.RAX));
        } else if (s.locals().get("ret").isPresent() || (o != null && o.kind() == Outcome.Kind.GP
                && s.locals().get("return.via").isEmpty() && s.locals().get("nr").isPresent())) {
            ret = OptionalLong.of(memory.read64(Layout.ptRegs(config.version()) + PtRegs.AX));
        }
        Optional<String> errno = Optional.empty();
        if (ret.isPresent() && Errno.isError(ret.getAsLong())) {
            errno = Errno.name(-ret.getAsLong());
        }
        Optional<Integer> status = s.process().exitStatus();
        byte[] readData = (byte[]) s.locals().get("read.data").orElse(null);
        return new SyscallResult(name, nr, ret, errno, o, s.process().terminalOutput(), call, status, readData);
    }

    /** The name the kernel dispatches a raw RAX value to, as strace would print it. */
    public static String syscallName(long rax, KernelConfig config) {
        long nr = (int) rax;
        SyscallTable t = SyscallTable.of(config.version());
        long unr = nr & 0xFFFF_FFFFL;
        if (unr < config.version().nrSyscalls()) {
            return t.entry(unr).map(SyscallTable.Entry::name).orElse("syscall_" + unr);
        }
        long xnr = (nr - Limits.X32_SYSCALL_BIT) & 0xFFFF_FFFFL;
        if (xnr < Limits.X32_NR_SYSCALLS) {
            String base = xnr >= 512 ? SyscallTable.x32Name(xnr).orElse("?")
                    : t.entry(xnr).map(SyscallTable.Entry::name).orElse("syscall_" + xnr);
            return base + "(x32)";
        }
        return "syscall_0x" + Long.toHexString(rax);
    }

    // ------------------------------------------------------------------ helpers

    private static void requireCount(int n) {
        if (n < 1) {
            throw new SysstepException("the count must be 1 or more, not " + n);
        }
        if (n > MAX_INSTRUCTIONS) {
            throw new SysstepException("the count must be at most " + MAX_INSTRUCTIONS);
        }
    }

    private void checkPosition(int p) {
        if (p < 0 || p >= states.size()) {
            throw new SysstepException("no step " + p + " (known: 0.." + (states.size() - 1) + ")");
        }
    }

    /**
     * Runs a whole path without keeping history: the fast path for benchmarks and batch checks.
     * Returns the result and the number of instructions executed.
     */
    public static SyscallResult simulate(KernelConfig config, UserProgram program, int[] instructionsOut) {
        LinuxPath.Build b = LinuxPath.build(config, program);
        return simulate(b, instructionsOut);
    }

    /** As {@link #simulate(KernelConfig, UserProgram, int[])}, reusing a build (code and initial machine). */
    public static SyscallResult simulate(LinuxPath.Build b, int[] instructionsOut) {
        Memory mem = b.initialMemory();
        Snapshot start = new Snapshot(b.cpu(), mem.regions(), b.process(), Locals.empty(), b.code().first(), null);
        Engine.Run run = new Engine(b.code(), b.symbols(), b.config(), mem, false).run(start, MAX_INSTRUCTIONS);
        Snapshot end = run.end();
        if (run.fault() != null) {
            // The faulting instruction changes nothing: the machine is the one after the instructions before it.
            mem = b.initialMemory();
            start = new Snapshot(b.cpu(), mem.regions(), b.process(), Locals.empty(), b.code().first(), null);
            end = new Engine(b.code(), b.symbols(), b.config(), mem, false).run(start, run.executed() - 1).end()
                    .withNext(null, run.fault());
        }
        if (instructionsOut != null && instructionsOut.length > 0) {
            instructionsOut[0] = run.executed();
        }
        return resultOf(end, mem, b.config());
    }
}
