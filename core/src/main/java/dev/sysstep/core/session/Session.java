package dev.sysstep.core.session;

import dev.sysstep.core.code.KernelCode;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Value;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.memory.Symbols;
import dev.sysstep.core.path.LinuxPath;
import dev.sysstep.core.user.UserProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One simulated run: a kernel profile, a user program, and the history of every instruction
 * executed so far. The façade over the parts that do the work: the {@link Timeline} (states and
 * steps, forward and back), the {@link Stops} (breakpoints, watches and the mover), the
 * {@link Scenario} (the user's edits and the setup) and {@link Results}. Every motion returns one
 * {@link StepReport} that holds everything a view needs.
 *
 * <p>Edits made before the first step are the setup: they survive {@code reset}, a new program and a
 * new profile. Edits made later change only the current timeline and discard the recorded future,
 * as in a reverse debugger.
 */
public final class Session {
    private KernelConfig config;
    private UserProgram program;
    private Timeline timeline;
    /** Instructions executed by timelines this session has left behind (a new profile or program). */
    private long executedBefore;
    private final Stops stops = new Stops();
    private final Scenario scenario = new Scenario();

    /** How {@code open} opens a file. */
    public enum OpenMode { RDONLY, WRONLY, RDWR }

    /** A phase of the run's path and the position where it starts. */
    public record PathEntry(int position, Phase phase) {
    }

    public Session(KernelConfig config, UserProgram program) {
        this.config = config;
        this.program = program;
        this.timeline = new Timeline(LinuxPath.build(config, program));
    }

    /** A session on code already built for its profile and program (benchmarks reuse one build). */
    public Session(LinuxPath.Build prebuilt) {
        this.config = prebuilt.config();
        this.program = prebuilt.program();
        this.timeline = new Timeline(prebuilt);
    }

    /** The default session: kernel 6.1, KPTI and PCID on, the seed's write(1, "hi\n", 3). */
    public static Session defaults() {
        return new Session(KernelConfig.defaults(), UserProgram.seedWrite());
    }

    // ------------------------------------------------------------------ structure and state

    public KernelConfig config() {
        return config;
    }

    public UserProgram program() {
        return program;
    }

    public KernelCode code() {
        return timeline.code();
    }

    public Symbols symbols() {
        return timeline.build().symbols();
    }

    public int position() {
        return timeline.position();
    }

    /** Every instruction this session has executed, for budgets: moving back counts, as it runs again from the start. */
    public long instructionsExecuted() {
        return executedBefore + timeline.executed();
    }

    /** The number of instructions recorded so far (some may lie ahead of the position, after going back). */
    public int recorded() {
        return timeline.recorded();
    }

    public Snapshot state() {
        return timeline.state();
    }

    public Snapshot state(int pos) {
        checkPosition(pos);
        return timeline.state(pos);
    }

    /** The instruction that led to position {@code number} (1-based). */
    public Step stepAt(int number) {
        if (number < 1 || number > timeline.recorded()) {
            throw new SysstepException("no step " + number + " (recorded: 1.." + timeline.recorded() + ")");
        }
        return timeline.step(number);
    }

    public Optional<Step> lastStep() {
        return position() == 0 ? Optional.empty() : Optional.of(timeline.step(position()));
    }

    public boolean finished() {
        return timeline.finished();
    }

    /** The phase about to run, or empty at the end. */
    public Optional<Phase> currentPhase() {
        Location next = timeline.next(position());
        return next == null ? Optional.empty() : Optional.of(code().phaseAt(next));
    }

    /** The phase of the instruction executed last, if any. */
    public Optional<Phase> previousPhase() {
        return lastStep().map(Step::phase);
    }

    /** Where the run stands now. */
    public Where where() {
        Snapshot s = state();
        Location next = s.next();
        return new Where(position(), next == null ? Optional.empty() : Optional.of(code().phaseAt(next)),
                next == null ? 0 : next.insn(), s.cpu().cpl(), Optional.ofNullable(s.outcome()));
    }

    /** Memory as it is at the current position (read-only use). */
    public Memory memory() {
        return timeline.memory();
    }

    // ------------------------------------------------------------------ building

    /** The edits made after the first step that the last restart forgot. */
    private List<Edit.MadeAt> forgotten = List.of();

    /**
     * The edits made after the first step that the last restart (reset, a new program or profile)
     * forgot: only the setup is applied again, so a fault injected mid-run does not stick.
     */
    public List<Edit.MadeAt> forgottenByLastRestart() {
        return forgotten;
    }

    private List<Edit> rebuild() {
        forgotten = scenario.forgetMidRun();
        executedBefore += timeline.executed();
        timeline = new Timeline(LinuxPath.build(config, program));
        return scenario.replay(timeline, config);
    }

    /** Changes the kernel profile or switches; the run restarts with the setup. Returns the setup edits that no longer apply. */
    public List<Edit> configure(KernelConfig c) {
        this.config = c;
        return rebuild();
    }

    /** Replaces the user program; the run restarts with the setup. Returns the setup edits that no longer apply. */
    public List<Edit> setProgram(UserProgram p) {
        this.program = p;
        return rebuild();
    }

    /** The edits made before the first step, which every rebuild applies again. */
    public List<Edit> setup() {
        return scenario.setup();
    }

    /** Back to the start, forgetting everything executed; the setup stays. */
    public StepReport reset() {
        forgotten = scenario.forgetMidRun();
        int from = position();
        timeline.moveTo(0);
        StepReport r = report(StepReport.Motion.RESET, from, Stop.of(from == 0 ? Stop.Kind.NONE : Stop.Kind.START));
        timeline.truncateFuture();
        return r;
    }

    /** Back to the default session: the default program and profile, no setup, no breakpoints or watches. */
    public StepReport resetAll() {
        int from = position();
        scenario.clear();
        stops.clear();
        config = KernelConfig.defaults();
        program = UserProgram.seedWrite();
        rebuild();
        return report(StepReport.Motion.RESET, from, Stop.of(Stop.Kind.START));
    }

    // ------------------------------------------------------------------ motions

    private StepReport report(StepReport.Motion motion, int from, Stop stop) {
        int to = position();
        int lo = Math.min(from, to);
        int hi = Math.max(from, to);
        return new StepReport(motion, from, to, timeline.span(lo, hi), stop, where(), result(), config,
                program.describe(config.version()), symbols());
    }

    private Moves moves() {
        return new Moves(timeline, stops, this::read);
    }

    /** Runs one motion and reports it. */
    private StepReport move(StepReport.Motion motion, Supplier<Stop> how) {
        int from = position();
        Stop stop = how.get();
        return report(motion, from, stop);
    }

    /** {@code stepi N}: N instructions; stops early at the end, at a breakpoint or a changed watch. */
    public StepReport stepi(int n) {
        return move(StepReport.Motion.STEPI, () -> moves().forward(n, false));
    }

    /** {@code step N}: N phases. */
    public StepReport step(int n) {
        return move(StepReport.Motion.STEP, () -> moves().forward(n, true));
    }

    /** {@code next}: one phase, stepping over calls into deeper frames (the whole C part from the call). */
    public StepReport next() {
        return move(StepReport.Motion.NEXT, () -> moves().next());
    }

    /** {@code finish}: run until the current function returns to its caller. */
    public StepReport finish() {
        return move(StepReport.Motion.FINISH, () -> moves().finish());
    }

    /** {@code continue}: until a breakpoint, a changed watch, or the end. */
    public StepReport cont() {
        return move(StepReport.Motion.CONTINUE, () -> moves().toEnd(true, true));
    }

    /** {@code run}: to the end of the path, ignoring breakpoints and watches. */
    public StepReport run() {
        return run(false);
    }

    /** To the end of the path; {@code honourStops} stops at breakpoints and watches on the way. */
    public StepReport run(boolean honourStops) {
        return move(StepReport.Motion.RUN, () -> moves().toEnd(honourStops, false));
    }

    /** {@code backi N}: N instructions back. */
    public StepReport backi(int n) {
        return move(StepReport.Motion.BACKI, () -> moves().backInstructions(n));
    }

    /** {@code back N}: N phases back (to the start of the phase N phases ago). */
    public StepReport back(int n) {
        return move(StepReport.Motion.BACK, () -> moves().backPhases(n));
    }

    /** {@code reverse-next}: one phase back, stepping over calls (a whole C call goes back at once). */
    public StepReport reverseNext() {
        return move(StepReport.Motion.BACK, () -> moves().reverseNext());
    }

    /** {@code reverse-continue}: back phase by phase to the last start of a phase a breakpoint matches, or to the start. */
    public StepReport reverseContinue() {
        return move(StepReport.Motion.REVERSE_CONTINUE, () -> moves().reverseContinue());
    }

    /** {@code goto N}: to position N (the state after N instructions). */
    public StepReport goTo(long target) {
        return move(StepReport.Motion.GOTO, () -> moves().goTo(target));
    }

    /** {@code goto PHASE}: to the first time that phase starts on this run's path. */
    public StepReport goTo(String phaseId) {
        if (code().phaseById(phaseId).isEmpty()) {
            throw new SysstepException(Suggest.unknownPhase(phaseId, code()));
        }
        for (PathEntry e : path()) {
            if (e.phase().id().equals(phaseId)) {
                return goTo(e.position());
            }
        }
        throw new SysstepException("phase '" + phaseId + "' is not on this run's path");
    }

    /** The whole history so far, from the start to the current position, as one report (for a trace). */
    public StepReport history() {
        return report(StepReport.Motion.HISTORY, 0, Stop.of(Stop.Kind.COUNT));
    }

    // ------------------------------------------------------------------ the whole path

    /**
     * The whole path from the start to its end, computed by running it (the result is recorded, so
     * stepping there later replays it). The current position does not change.
     */
    public List<PathEntry> path() {
        int end = timeline.extendToEnd();
        List<PathEntry> out = new ArrayList<>();
        for (int p = 0; p <= end; p++) {
            Location next = timeline.next(p);
            if (next != null && next.insn() == 0) {
                out.add(new PathEntry(p, code().phaseAt(next)));
            }
        }
        return out;
    }

    /** The last position of the path (its end), computed like {@link #path()}. */
    public int endPosition() {
        return timeline.extendToEnd();
    }

    // ------------------------------------------------------------------ breakpoints and watches

    /**
     * Stops the motion under way after the instruction it is executing (Ctrl-C); safe from any
     * thread. The session stays at that last whole step.
     */
    public void interrupt() {
        stops.interrupt();
    }

    /** Whether an interrupt arrived since the last call; the flag is cleared. */
    public boolean takeInterrupt() {
        return stops.interrupted(true);
    }

    /** {@code break GLOB}: a breakpoint before phases whose id matches. */
    public Stops.Breakpoint addBreakpoint(String glob) {
        return stops.addBreakpoint(glob, code());
    }

    public Stops.Watch addWatch(Target t) {
        return stops.addWatch(t);
    }

    /** Deletes a breakpoint or watch by number, or all of them with null. */
    public void delete(Integer id) {
        stops.delete(id);
    }

    public List<Stops.Breakpoint> breakpoints() {
        return stops.breakpoints();
    }

    public List<Stops.Watch> watches() {
        return stops.watches();
    }

    // ------------------------------------------------------------------ reading values

    /** The value of a target now. */
    public Value read(Target t) {
        if (t instanceof Target.Register r) {
            return timeline.value(r.reg());
        }
        Target.PtRegsField f = (Target.PtRegsField) t;
        return Value.known(memory().read64(ptRegsAddress() + f.field().offset()));
    }

    public long ptRegsAddress() {
        return Layout.ptRegs(config.version());
    }

    /** Bytes at an address at the current position; unmapped memory is an error. */
    public byte[] readMemory(long address, int length) {
        return readMemory(address, length, false);
    }

    /**
     * Bytes at an address, read through the page tables of the current CR3 as the CPU would read them:
     * with KPTI's user page tables loaded, the kernel's stack and data are not there. {@code kernelView}
     * reads the kernel page tables' view whatever CR3 holds (a debugger's privilege).
     */
    public byte[] readMemory(long address, int length, boolean kernelView) {
        if (!memory().isMapped(address, length)) {
            Optional<Region> r = memory().regionAt(address);
            throw new SysstepException(String.format("cannot access memory at 0x%x: %s", address,
                    r.isEmpty() ? "not mapped" : "the range runs past " + r.get().name()));
        }
        if (!kernelView && userPageTablesLoaded()) {
            try {
                memory().check(address, length, false, false, true);
            } catch (dev.sysstep.core.memory.MemoryFault f) {
                throw new SysstepException(String.format("cannot access memory at 0x%x: not mapped in the user page "
                        + "tables (KPTI: CR3 is the user half now); x -k reads the kernel's view", address));
            }
        }
        return memory().read(address, length);
    }

    /** True while CR3 holds KPTI's user page tables (bit 12 set): the kernel is mostly unmapped. */
    public boolean userPageTablesLoaded() {
        return userPageTables(state().cpu());
    }

    /** Whether this CPU state runs on KPTI's user page tables (bit 12 of CR3, reference §1.4). */
    public boolean userPageTables(dev.sysstep.core.cpu.CpuState cpu) {
        return config.kpti() && (cpu.get(dev.sysstep.core.cpu.Reg.CR3) & (1L << 12)) != 0;
    }

    /** The label of a memory slot, from the symbol table or from the last writer. */
    public String labelAt(long address) {
        return symbols().nameAt(address).or(() -> timeline.labelAt(address)).orElse("");
    }

    /** The kernel call chain at the current position, innermost first. */
    public List<String> callChain() {
        Optional<Phase> p = currentPhase().or(this::previousPhase);
        if (p.isEmpty()) {
            return List.of();
        }
        List<String> frames = new ArrayList<>(p.get().frames());
        if (state().locals().get(Local.ABI).orElse(null) == Local.Abi.X32) {
            frames.replaceAll(f -> f.replace("x64_sys_call", "x32_sys_call").replace("do_syscall_x64", "do_syscall_x32"));
        }
        return frames;
    }

    // ------------------------------------------------------------------ edits

    private void edit(Edit e) {
        scenario.edit(timeline, config, e);
    }

    /** Sets a register or MSR, as a debugger would; {@code typed} is what the user wrote, for listings. */
    public void setRegister(Reg r, long value, String typed) {
        edit(new Edit.Register(r, Scenario.effectiveValue(r, value, state().cpu()), typed));
    }

    public void setRegister(Reg r, long value) {
        setRegister(r, value, null);
    }

    /**
     * Sets a pt_regs field in kernel memory, as a tracer (or a signal handler's sigreturn) would.
     * Without {@code forced}, a selector ptrace would refuse is refused.
     */
    public void setPtRegs(PtRegs.Field field, long value, boolean forced, String typed) {
        edit(new Edit.PtRegsField(field, value, forced, typed));
    }

    public void setPtRegs(PtRegs.Field field, long value) {
        setPtRegs(field, value, false, null);
    }

    /** {@code mem ADDR "bytes"}: stores bytes, mapping user pages first when needed. */
    public void setMemory(long address, byte[] data, String typed) {
        edit(new Edit.Memory(address, data, typed));
    }

    public void setMemory(long address, byte[] data) {
        setMemory(address, data, null);
    }

    /** {@code open PATH MODE [as FD]}: returns the fd used. */
    public int openFile(String path, OpenMode mode, Integer fd) {
        int n = fd == null ? state().process().lowestFreeFd() : fd;
        edit(new Edit.Open(path, mode, n));
        return n;
    }

    /** {@code pipe R W}: a new pipe with its read end on fd R and its write end on fd W. */
    public void pipe(int readFd, int writeFd) {
        edit(new Edit.Pipe(readFd, writeFd));
    }

    /** Bytes typed on the simulated terminal, waiting to be read. */
    public void setTerminalInput(byte[] input) {
        edit(new Edit.TerminalInput(input));
    }

    // ------------------------------------------------------------------ diff and result

    /** What differs between positions {@code a} and {@code b}, either order (both on this run's path). */
    public StateDiff diff(int a, int b) {
        int end = endPosition();
        for (int p : new int[] {a, b}) {
            if (p < 0 || p > end) {
                throw new SysstepException("no step " + p + " (the path has steps 0.." + end + ")");
            }
        }
        return timeline.span(Math.min(a, b), Math.max(a, b)).diff(a, b, symbols());
    }

    /** How the syscall came out, once the path has ended. */
    public Optional<SyscallResult> result() {
        if (!finished()) {
            return Optional.empty();
        }
        return Optional.of(Results.resultOf(state(), memory(), config, program()));
    }

    // ------------------------------------------------------------------ helpers

    private void checkPosition(int p) {
        if (p < 0 || p > timeline.recorded()) {
            throw new SysstepException("no step " + p + " (known: 0.." + timeline.recorded() + ")");
        }
    }
}
