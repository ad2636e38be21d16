package dev.sysstep.core.session;

import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Location;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.cpu.ControlBits;
import dev.sysstep.core.cpu.CpuState;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.MemWrite;
import dev.sysstep.core.memory.Memory;
import dev.sysstep.core.memory.Region;
import dev.sysstep.core.process.FileKind;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.process.ProcessState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The user's edits of the machine — registers, pt_regs fields, memory, files, pipes, terminal
 * input — with the checks that keep them possible, and the setup: the edits made before the first
 * step, which are applied again whenever the run is rebuilt.
 */
final class Scenario {
    private final List<Edit> setup = new ArrayList<>();
    /** Edits made after the first step, in force until the run restarts (then they are forgotten). */
    private final List<Edit.MadeAt> midRun = new ArrayList<>();

    List<Edit> setup() {
        return Collections.unmodifiableList(setup);
    }

    void clear() {
        setup.clear();
        midRun.clear();
    }

    /** The edits made after the first step, which a restart forgets; the list is emptied. */
    List<Edit.MadeAt> forgetMidRun() {
        List<Edit.MadeAt> gone = List.copyOf(midRun);
        midRun.clear();
        return gone;
    }

    /** Applies the setup to a fresh timeline; returns the edits that no longer apply (and drops them). */
    List<Edit> replay(Timeline t, KernelConfig c) {
        List<Edit> dropped = new ArrayList<>();
        List<Edit> kept = new ArrayList<>();
        for (Edit e : setup) {
            try {
                apply(t, c, e);
                kept.add(e);
            } catch (SysstepException ex) {
                dropped.add(e);
            }
        }
        setup.clear();
        setup.addAll(kept);
        return dropped;
    }

    /** Applies an edit at the timeline's position; before the first step it becomes part of the setup. */
    void edit(Timeline t, KernelConfig c, Edit e) {
        apply(t, c, e);
        int at = t.position();
        // an edit cuts off the future, and the edits made in it, as the timeline does
        midRun.removeIf(m -> m.step() > at);
        if (at == 0) {
            setup.add(e);
        } else {
            midRun.add(new Edit.MadeAt(at, e));
        }
    }

    private void apply(Timeline t, KernelConfig c, Edit e) {
        if (t.finished()) {
            throw new SysstepException("the path has ended; go back or reset before changing the machine");
        }
        if (e instanceof Edit.Register r) {
            setRegister(t, r.reg(), r.value());
        } else if (e instanceof Edit.PtRegsField f) {
            setPtRegs(t, c, f.field(), f.value(), f.forced());
        } else if (e instanceof Edit.Memory m) {
            setMemory(t, c, m.address(), m.data());
        } else if (e instanceof Edit.Open o) {
            openFile(t, o.path(), o.mode(), o.fd());
        } else if (e instanceof Edit.Pipe p) {
            pipe(t, p.readFd(), p.writeFd());
        } else if (e instanceof Edit.TerminalInput i) {
            t.truncateFuture();
            t.replaceState(t.state().withProcess(t.state().process().withTerminalInput(i.input())));
        }
    }

    // ---------------------------------------------------------------- registers

    /** The value a register ends up with when set to {@code value} (RFLAGS bit 1, EFER.LMA kept). */
    static long effectiveValue(Reg r, long value, CpuState cpu) {
        if (r == Reg.RFLAGS) {
            return value | RFlags.FIXED;
        }
        if (r == Reg.EFER) {
            return (value & ~ControlBits.EFER_LMA) | (cpu.get(Reg.EFER) & ControlBits.EFER_LMA);
        }
        return value;
    }

    private static void setRegister(Timeline t, Reg r, long value) {
        validateRegister(r, value);
        t.truncateFuture();
        Snapshot s = t.state();
        long v = effectiveValue(r, value, s.cpu());
        CpuState cpu = s.cpu().with(r, v);
        Location next = s.next();
        Outcome outcome = null;
        if (r == Reg.RIP) {
            Optional<Location> at = t.code().at(v);
            if (at.isEmpty()) {
                next = null;
                outcome = new Outcome(Outcome.Kind.LEFT_CODE, String.format("RIP was set to 0x%x, where no simulated "
                        + "instruction lives", v));
            } else {
                next = at.get();
            }
        }
        t.replaceState(new Snapshot(cpu, s.regions(), s.process(), s.locals(), next, outcome));
    }

    static void validateRegister(Reg r, long value) {
        switch (r.kind()) {
            case SEGMENT -> throw new SysstepException(r.label() + " cannot be set: its hidden descriptor cache would "
                    + "not follow. Set ptregs." + r.label() + " to change what the IRET exit loads.");
            case HIDDEN -> throw new SysstepException("cpl cannot be set: the CPL follows CS (it is the RPL of the code "
                    + "segment the last SYSCALL, SYSRET or IRET loaded); set ptregs.cs to change what IRET returns to");
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
                if (r == Reg.EFER && ((value ^ Layout.EFER)
                        & ~(ControlBits.EFER_SCE | ControlBits.EFER_NXE | ControlBits.EFER_LMA)) != 0) {
                    throw new SysstepException("only EFER.SCE and EFER.NXE can be changed here: clearing LME in long "
                            + "mode raises #GP, and LMA is read-only");
                }
            }
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- pt_regs

    /**
     * Writes a pt_regs field as a tracer would (PTRACE_POKEUSER). A tracer cannot write a CS or SS
     * selector of 0 or with an RPL other than 3: putreg's set_segment_reg() returns -EIO
     * (invalid_selector, arch/x86/kernel/ptrace.c), after truncating the value to 16 bits.
     * {@code forced} writes the value as given, as a kernel bug could.
     */
    private static void setPtRegs(Timeline t, KernelConfig c, PtRegs.Field field, long value, boolean forced) {
        if (t.state().cpu().cpl() != 0 || !t.state().locals().get(Local.PT_REGS_LIVE).orElse(false)) {
            throw new SysstepException("pt_regs can only be changed while the kernel is running on it (after the "
                    + "entry saved the registers and before the exit restores them)");
        }
        long v = value;
        if (!forced && isSelector(field)) {
            long sel = value & 0xFFFF;
            if (sel == 0 || (sel & 3) != 3) {
                throw new SysstepException(String.format("ptrace refuses %s = 0x%x: a user selector must have RPL 3 "
                        + "(set_segment_reg returns -EIO); `set --force ptregs.%s 0x%x` writes it anyway",
                        field.label(), value, field.name(), value));
            }
            v = sel;
        }
        t.truncateFuture();
        MemWrite w = t.memory().write64(Layout.ptRegs(c.version()) + field.offset(), v, field.label());
        t.addEdit(w);
    }

    static boolean isSelector(PtRegs.Field f) {
        return f.offset() == PtRegs.CS || f.offset() == PtRegs.SS;
    }

    // ---------------------------------------------------------------- memory, files, pipes

    private static void setMemory(Timeline t, KernelConfig c, long address, byte[] data) {
        if (data.length == 0) {
            throw new SysstepException("mem needs at least one byte");
        }
        long end = address + data.length;
        if (Long.compareUnsigned(end, address) < 0) {
            throw new SysstepException("the range wraps around the address space");
        }
        t.truncateFuture();
        Memory memory = t.memory();
        if (!memory.isMapped(address, data.length)) {
            if (Long.compareUnsigned(end, c.taskSizeMax()) > 0) {
                throw new SysstepException(String.format("0x%x is not mapped, and only user addresses (below 0x%x) can "
                        + "be mapped", address, c.taskSizeMax()));
            }
            long page = address & -Limits.PAGE_SIZE;
            while (Long.compareUnsigned(page, end) < 0) {
                if (memory.regionAt(page).isEmpty()) {
                    memory.addRegion(new Region("user memory (mem)", page, page + Limits.PAGE_SIZE, true, true, false));
                }
                page += Limits.PAGE_SIZE;
            }
            t.replaceState(t.state().withRegions(memory.regions()));
        }
        t.addEdit(memory.write(address, data, null, MemWrite.Kind.EDIT));
    }

    private static void openFile(Timeline t, String path, Session.OpenMode mode, int n) {
        t.truncateFuture();
        ProcessState p = t.state().process();
        checkFreeFd(p, n);
        FileKind kind = switch (path) {
            case "/dev/null" -> FileKind.NULL;
            case "/dev/tty", "/dev/pts/0" -> FileKind.TTY;
            default -> FileKind.REGULAR;
        };
        if (kind == FileKind.REGULAR && !path.startsWith("/")) {
            throw new SysstepException("give an absolute path, such as /tmp/out.txt, /dev/null or /dev/pts/0");
        }
        OpenFile f = new OpenFile(kind, kind == FileKind.TTY ? "/dev/pts/0" : path, mode != Session.OpenMode.WRONLY,
                mode != Session.OpenMode.RDONLY, -1, 0);
        ProcessState next = p.withFd(n, f);
        if (kind == FileKind.REGULAR && !p.files().containsKey(path)) {
            next = next.withFile(path, new byte[0]);
        }
        t.replaceState(t.state().withProcess(next));
    }

    private static void pipe(Timeline t, int readFd, int writeFd) {
        t.truncateFuture();
        ProcessState p = t.state().process();
        checkFreeFd(p, readFd);
        checkFreeFd(p, writeFd);
        if (readFd == writeFd) {
            throw new SysstepException("the two ends of a pipe need two different fds");
        }
        int id = p.nextPipeId();
        String name = "pipe:[" + id + "]";
        ProcessState next = p.withPipe(id, new byte[0])
                .withFd(readFd, new OpenFile(FileKind.PIPE_READ, name, true, false, id, 0))
                .withFd(writeFd, new OpenFile(FileKind.PIPE_WRITE, name, false, true, id, 0));
        t.replaceState(t.state().withProcess(next));
    }

    static void checkFreeFd(ProcessState p, int fd) {
        if (fd < 0 || fd >= ProcessState.MAX_FDS) {
            throw new SysstepException("fd " + fd + " is outside 0.." + (ProcessState.MAX_FDS - 1));
        }
        if (p.fds().containsKey(fd)) {
            throw new SysstepException("fd " + fd + " is already open (" + p.fds().get(fd).path() + ")");
        }
    }
}
