package dev.sysstep.core.path;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Effect;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.RFlags;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.kernel.Selectors;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.process.ProcessState;
import dev.sysstep.core.syscall.SyscallTable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The C part of the path: do_syscall_64 and its steps, the simulated handlers
 * (write, read, getpid, exit_group, ni_syscall; the reference), and, on 7.0, the SYSRET checks in C
 *. Each phase is one step; C locals carry values from one phase to the next.
 */
final class CCode {
    /** Handlers whose bodies are simulated. */
    private static final List<String> SIMULATED = List.of("__x64_sys_write", "__x64_sys_read", "__x64_sys_getpid",
            "__x64_sys_exit_group", "__x64_sys_ni_syscall");
    /** The phase each simulated handler jumps to, named once rather than per dispatch. */
    private static final java.util.Map<String, String> HANDLER_PHASES = SIMULATED.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(h -> h, h -> "c." + h));
    /** Caller-saved registers: compiled C may leave anything in them (x86-64 psABI). */
    private static final Reg[] CLOBBERED = {Reg.RAX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9, Reg.R10, Reg.R11};

    private final Asm a;
    private final KernelConfig c;
    private final KernelVersion v;
    private final long ptRegs;
    private final SyscallTable table;

    private CCode(Asm a, KernelConfig c) {
        this.a = a;
        this.c = c;
        this.v = c.version();
        this.ptRegs = Layout.ptRegs(v);
        this.table = SyscallTable.of(v);
    }

    static void emit(Asm a, KernelConfig c) {
        new CCode(a, c).emitAll();
    }

    private void phase(String id, String title, SourceRef src, String explanation, List<String> frames,
                       String text, Effect effect) {
        phaseAt(-1, id, title, src, explanation, frames, text, effect);
    }

    private void phaseAt(long address, String id, String title, SourceRef src, String explanation, List<String> frames,
                         String text, Effect effect) {
        a.phase(id, title, PhaseKind.C, src, explanation, frames);
        a.label(id);
        a.emitC(address, text, "", effect);
    }

    private long reg(Exec x, int offset) {
        return x.memory().read64(ptRegs + offset);
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    private static String errno(long ret) {
        return Errno.isError(ret) ? Errno.name(-ret).map(n -> "-" + n).orElse(Long.toString(ret)) : Long.toString(ret);
    }

    private void emitAll() {
        String doFile = v.doSyscall64File();
        String entryFile = v == KernelVersion.V7_0 ? "include/linux/entry-common.h" : "kernel/entry/common.c";

        phaseAt(Layout.DO_SYSCALL_64, "c.do_syscall_64", "do_syscall_64(regs, nr): the C entry point",
                Src.c(v, doFile, "do_syscall_64", v.doSyscall64Lines()),
                "do_syscall_64 receives regs in RDI and nr in RSI. add_random_kstack_offset() may move the C stack by "
                + "a random amount when kstack randomisation is on; that only affects C frames, which are not "
                + "simulated. From here on the scratch registers and RSP hold whatever compiled code puts there, so "
                + "they are shown as unknown until the RET.",
                Src.frames(), "do_syscall_64(struct pt_regs *regs, int nr)", x -> {
                    long regs = x.get(Reg.RDI);
                    long nr = (int) x.get(Reg.RSI);
                    x.setLocal("regs", regs);
                    x.setLocal("nr", nr);
                    for (Reg r : CLOBBERED) {
                        x.undefine(r, -1L);
                    }
                    x.undefine(Reg.RSP, -1L);
                    x.undefine(Reg.RFLAGS, RFlags.ARITH);
                    x.note(() -> "regs = " + hex(regs) + " (pt_regs), nr = " + nr);
                });

        phase("c.syscall_enter_from_user_mode", "syscall_enter_from_user_mode: IRQs on, entry work",
                Src.c(v, entryFile, "syscall_enter_from_user_mode", ""),
                "Context tracking and RCU learn that the CPU left user mode, then local_irq_enable() sets IF: from "
                + "here the syscall can be interrupted. No tracer, seccomp filter, syscall user dispatch or audit "
                + "rule is attached to this process, so no SYSCALL_WORK_ENTER bit is set and nr comes back "
                + "unchanged.",
                Src.frames("syscall_enter_from_user_mode"), "nr = syscall_enter_from_user_mode(regs, nr);", x -> {
                    x.setFlags(x.flags() | RFlags.IF, RFlags.IF);
                    long nr = x.local("nr");
                    x.note(() -> "local_irq_enable(): IF = 1; syscall_work has no SYSCALL_WORK_ENTER bit, nr = " + nr);
                });

        phase("c.do_syscall_x64", "do_syscall_x64: is nr a 64-bit syscall?",
                Src.c(v, doFile, "do_syscall_x64", ""),
                "nr is cast to unsigned int, so negative numbers become huge and fail the bounds check. Below "
                + "NR_syscalls (" + v.nrSyscalls() + " on " + v.label() + ") the number is clamped by "
                + "array_index_nospec, a Spectre v1 guard that keeps in-range values as they are, and dispatched; "
                + "otherwise do_syscall_x64 returns false.",
                Src.frames("do_syscall_x64 [inlined]"), "unsigned int unr = nr; if (likely(unr < NR_syscalls))", x -> {
                    long unr = x.local("nr") & 0xFFFF_FFFFL;
                    boolean ok = unr < v.nrSyscalls();
                    x.check("do_syscall_x64.unr_below_NR_syscalls", ok,
                            () -> "unr = " + unr + (ok ? " < " : " >= ") + "NR_syscalls = " + v.nrSyscalls());
                    if (ok) {
                        Optional<SyscallTable.Entry> e = table.entry(unr);
                        x.setLocal("unr", unr);
                        x.setLocal("abi", "x64");
                        x.setLocal("handler", e.map(SyscallTable.Entry::handler).orElse("__x64_sys_ni_syscall"));
                        x.note(() -> "table slot " + unr + ": " + e.map(en -> en.name() + " -> " + en.handler())
                                .orElse("a gap in the table -> __x64_sys_ni_syscall"));
                        x.jump("c.dispatch");
                    }
                });

        phase("c.do_syscall_x32", "do_syscall_x32: is it an x32 syscall?",
                Src.c(v, doFile, "do_syscall_x32", ""),
                "x32 numbers carry __X32_SYSCALL_BIT (0x40000000). The check subtracts it as unsigned, so anything "
                + "else becomes huge, and acts only if the kernel has CONFIG_X86_X32_ABI and the result is below 548 "
                + ". " + (c.x32() ? "This profile has x32 enabled." : "This profile has x32 disabled, "
                + "so the check always fails."),
                Src.frames("do_syscall_x32 [inlined]"),
                "unsigned int xnr = nr - __X32_SYSCALL_BIT; if (IS_ENABLED(CONFIG_X86_X32_ABI) && xnr < X32_NR_syscalls)", x -> {
                    long xnr = (x.local("nr") - Limits.X32_SYSCALL_BIT) & 0xFFFF_FFFFL;
                    boolean ok = c.x32() && xnr < Limits.X32_NR_SYSCALLS;
                    x.check("do_syscall_x32.xnr_below_X32_NR_syscalls", ok, () -> "xnr = " + hex(xnr)
                            + (c.x32() ? (ok ? " < 548" : " >= 548") : ": CONFIG_X86_X32_ABI is off"));
                    if (ok) {
                        String handler;
                        if (xnr >= 512) {
                            handler = "__x32_compat_sys_" + SyscallTable.x32Name(xnr).orElse("?");
                        } else {
                            handler = table.entry(xnr).filter(e -> e.abi().equals("common"))
                                    .map(SyscallTable.Entry::handler).orElse("__x64_sys_ni_syscall");
                        }
                        x.setLocal("unr", xnr);
                        x.setLocal("abi", "x32");
                        x.setLocal("handler", handler);
                        x.note(() -> "x32 slot " + xnr + " -> " + handler);
                        x.jump("c.dispatch_x32");
                    }
                });

        phase("c.no_handler", "Not a valid number: ni_syscall, or nothing for -1",
                Src.c(v, doFile, "do_syscall_64", v.doSyscall64Lines()),
                "Neither table took the number. Unless nr is -1, __x64_sys_ni_syscall stores -ENOSYS in regs->ax. "
                + "For -1 nothing is called at all: -1 is what syscall_enter_from_user_mode returns to say \"skip\", "
                + "so ax keeps the -ENOSYS pushed at entry.",
                Src.frames(), "if (nr != -1) regs->ax = __x64_sys_ni_syscall(regs);", x -> {
                    long nr = x.local("nr");
                    boolean skip = nr == -1;
                    x.check("do_syscall_64.nr_not_minus_one", !skip, () -> "nr = " + nr);
                    if (skip) {
                        x.setLocal("ret", -(long) Errno.ENOSYS);
                        x.note("nr == -1: nothing is called; pt_regs->ax keeps -ENOSYS from entry");
                    } else {
                        storeAx(x, -Errno.ENOSYS);
                    }
                    x.jump("c.syscall_exit_to_user_mode");
                });

        phase("c.dispatch", v.dispatchesBySwitch() ? "x64_sys_call(regs, unr): the dispatch switch"
                        : "sys_call_table[unr](regs): the indirect call",
                Src.c(v, "arch/x86/entry/syscall_64.c", v.dispatchesBySwitch() ? "x64_sys_call" : "sys_call_table", ""),
                v.dispatchesBySwitch()
                        ? "6.1.158 and 7.0 dispatch through x64_sys_call, a generated switch whose cases call the "
                        + "__x64_sys_* stubs directly; the default case is __x64_sys_ni_syscall. The switch replaced "
                        + "the indirect call through sys_call_table as branch-history hardening."
                        : "5.14 indexes sys_call_table, an array of __x64_sys_* pointers generated from syscall_64.tbl "
                        + "with every gap filled by sys_ni_syscall, and calls through it.",
                Src.handlerFrames(v, false),
                v.dispatchesBySwitch() ? "regs->ax = x64_sys_call(regs, unr);" : "regs->ax = sys_call_table[unr](regs);",
                this::dispatch);

        phase("c.dispatch_x32", v.dispatchesBySwitch() ? "x32_sys_call(regs, xnr)" : "x32_sys_call_table[xnr](regs)",
                Src.c(v, "arch/x86/entry/syscall_x32.c", v.dispatchesBySwitch() ? "x32_sys_call" : "x32_sys_call_table", ""),
                "The x32 table holds the common entries and the x32-only compat entries 512-547; 64-bit-only "
                + "entries are gaps that land on ni_syscall.",
                Src.handlerFrames(v, true),
                v.dispatchesBySwitch() ? "regs->ax = x32_sys_call(regs, xnr);" : "regs->ax = x32_sys_call_table[xnr](regs);",
                this::dispatch);

        emitWrite();
        emitRead();
        emitSmallHandlers();

        phase("c.store_ax", "regs->ax = the handler's return value",
                Src.c(v, doFile, "do_syscall_x64", ""),
                "The handler's return value replaces the -ENOSYS that entry put in pt_regs->ax. This slot is what "
                + "POP_REGS (or the IRET path) will load into RAX for the program.",
                Src.frames("do_syscall_x64 [inlined]"), "regs->ax = ret;", x -> storeAx(x, x.local("ret")));

        phase("c.syscall_exit_to_user_mode", "syscall_exit_to_user_mode: exit work, IRQs off",
                Src.c(v, entryFile, "syscall_exit_to_user_mode", ""),
                "With IRQs still on it would run exit work: audit, tracepoints, a ptrace stop; none is armed here. "
                + "Then it disables interrupts and handles pending work such as a reschedule or a signal (none is "
                + "pending). It returns with IF clear: IF comes back only from R11 at SYSRET or from the IRET frame "
                + ".",
                Src.frames("syscall_exit_to_user_mode"), "syscall_exit_to_user_mode(regs);", x -> {
                    x.setFlags(x.flags() & ~RFlags.IF, RFlags.IF);
                    x.note("local_irq_disable(): IF = 0; no exit work, no pending signal or reschedule");
                });

        if (v.sysretChecksInC()) {
            emitCChecks();
        }

        phase("c.return", "return to entry_SYSCALL_64",
                Src.c(v, doFile, "do_syscall_64", v.doSyscall64Lines()),
                "RET pops the return address the CALL pushed; RSP is back at pt_regs. "
                + (v.doSyscall64ReturnsBool() ? "The bool result is in AL; the rest of RAX is whatever the compiler left."
                        : "do_syscall_64 returns void: RAX and the other scratch registers hold C leftovers, and the "
                        + "assembly reloads everything it needs from pt_regs."),
                Src.frames(), v.doSyscall64ReturnsBool() ? "return true;  /* or false: SYSRET not allowed */" : "}", x -> {
                    x.set(Reg.RSP, ptRegs - 8);
                    long ret = x.pop();
                    if (v.doSyscall64ReturnsBool()) {
                        x.setPartly(Reg.RAX, x.locals().get("sysret").map(o -> (Long) o).orElse(0L), ~0xFFL);
                    }
                    x.transfer(ret);
                });
    }

    private void dispatch(Exec x) {
        String handler = (String) x.locals().get("handler").orElseThrow();
        long unr = x.local("unr");
        x.note(() -> "unr = " + unr + " -> " + handler);
        String phase = HANDLER_PHASES.get(handler);
        if (phase != null) {
            x.jump(phase);
        } else {
            x.jump("c.handler_not_simulated");
        }
    }

    private void storeAx(Exec x, long ret) {
        x.setLocal("ret", ret);
        x.storeBytes(ptRegs + PtRegs.AX, dev.sysstep.core.memory.Bytes.le(ret, 8), "pt_regs->ax");
        x.note(() -> "pt_regs->ax = " + errno(ret));
    }

    /** Reads the three arguments from pt_regs the way SYSCALL_DEFINE3 unpacks them. */
    private void unpack(Exec x, String name) {
        long fd = reg(x, PtRegs.DI) & 0xFFFF_FFFFL;
        long buf = reg(x, PtRegs.SI);
        long count = reg(x, PtRegs.DX);
        x.setLocal("fd", fd);
        x.setLocal("buf", buf);
        x.setLocal("count", count);
        long di = reg(x, PtRegs.DI);
        x.note(() -> name + "(fd = " + fd + ", buf = " + hex(buf) + ", count = " + Long.toUnsignedString(count) + ")"
                + (di != fd ? "; fd is unsigned int: pt_regs->di " + hex(di) + " truncated to " + fd : ""));
    }

    private boolean accessOk(Exec x, long buf, long count) {
        long max = c.taskSizeMax();
        boolean ok;
        String rule;
        switch (v) {
            case V5_14 -> {
                long end = buf + count;
                boolean wraps = Long.compareUnsigned(end, buf) < 0;
                ok = !wraps && Long.compareUnsigned(end, max) <= 0;
                rule = "buf + count must not wrap and must be <= TASK_SIZE_MAX";
            }
            case V6_1 -> {
                ok = Long.compareUnsigned(count, max) <= 0 && Long.compareUnsigned(buf, max - count) <= 0;
                rule = "count <= TASK_SIZE_MAX and buf <= TASK_SIZE_MAX - count";
            }
            default -> {
                long end = buf + count;
                boolean wraps = Long.compareUnsigned(end, buf) < 0;
                ok = !wraps && Long.compareUnsigned(end, max) <= 0;
                rule = "buf + count <= USER_PTR_MAX (= TASK_SIZE_MAX) without wrapping";
            }
        }
        String why = rule;
        x.check("access_ok", ok, () -> why + " (TASK_SIZE_MAX = " + hex(max) + ")");
        return ok;
    }

    private void fail(Exec x, String check, String detail, int errno) {
        fail(x, check, () -> detail, errno);
    }

    private void fail(Exec x, String check, Supplier<String> detail, int errno) {
        x.check(check, false, detail);
        x.setLocal("ret", -(long) errno);
        x.note(() -> "returns -" + Errno.name(errno).orElse("?"));
        x.jump("c.store_ax");
    }

    private OpenFile file(Exec x) {
        return x.process().fd(x.local("fd")).orElseThrow();
    }

    private void emitWrite() {
        int[] lines = v.readWriteLines();
        String rw = "fs/read_write.c";
        phase("c.__x64_sys_write", "__x64_sys_write: unpack the arguments from pt_regs",
                Src.c(v, rw, "SYSCALL_DEFINE3(write)", Integer.toString(lines[3])),
                "The stub SYSCALL_DEFINE3 generates reads di, si and dx from pt_regs, not from registers, and casts "
                + "each to its declared type: fd becomes an unsigned int, so only its low 32 bits count, buf a user "
                + "pointer and count a size_t.",
                Src.handlerFrames(v, false, "__x64_sys_write"), "return ksys_write(fd, buf, count);",
                x -> unpack(x, "write"));

        phase("c.ksys_write", "ksys_write: find the file behind fd",
                Src.c(v, rw, "ksys_write", Integer.toString(lines[2])),
                "fdget_pos() looks fd up in the task's file table and rejects O_PATH files; no file means -EBADF. "
                + "For a file that is not a stream the position is copied so vfs_write can advance it.",
                Src.handlerFrames(v, false, "ksys_write", "__x64_sys_write"), "struct fd f = fdget_pos(fd); if (!f.file) return -EBADF;", x -> {
                    long fd = x.local("fd");
                    Optional<OpenFile> f = x.process().fd(fd);
                    if (f.isEmpty()) {
                        fail(x, "ksys_write.fdget_pos", () -> "fd " + fd + " is not open", Errno.EBADF);
                        return;
                    }
                    OpenFile file = f.get();
                    x.check("ksys_write.fdget_pos", true, () -> "fd " + fd + " -> " + file.path() + " (" + file.modeName() + ")");
                });

        phase("c.vfs_write", "vfs_write: the checks, in the kernel's order",
                Src.c(v, rw, "vfs_write", Integer.toString(lines[1])),
                "In order: the file must be open for writing (-EBADF), must have a write method (-EINVAL), and "
                + "[buf, buf + count) must lie in user space (access_ok, -EFAULT; it does not check that the pages "
                + "exist). rw_verify_area() then checks the count and position, and count is clamped to MAX_RW_COUNT "
                + "(0x7FFFF000) before the file's write method runs.",
                Src.handlerFrames(v, false, "vfs_write", "ksys_write", "__x64_sys_write"),
                "ret = vfs_write(f.file, buf, count, ppos);", x -> {
                    OpenFile f = file(x);
                    long buf = x.local("buf");
                    long count = x.local("count");
                    if (!f.writable()) {
                        fail(x, "vfs_write.FMODE_WRITE", () -> f.path() + " is open " + f.modeName(), Errno.EBADF);
                        return;
                    }
                    x.check("vfs_write.FMODE_WRITE", true, () -> f.path() + " is open " + f.modeName());
                    x.check("vfs_write.FMODE_CAN_WRITE", true, () -> f.kind().label() + " has a write method");
                    if (!accessOk(x, buf, count)) {
                        x.setLocal("ret", -(long) Errno.EFAULT);
                        x.note("returns -EFAULT before anything is written");
                        x.jump("c.store_ax");
                        return;
                    }
                    if (count < 0) {
                        fail(x, "rw_verify_area", "(ssize_t)count < 0", Errno.EINVAL);
                        return;
                    }
                    x.check("rw_verify_area", true, () -> f.isStream() ? "stream: no position to check; LSM allows"
                            : "pos " + f.position() + " + count does not overflow; LSM allows");
                    if (Long.compareUnsigned(count, Limits.MAX_RW_COUNT) > 0) {
                        long asked = count;
                        x.note(() -> "count " + hex(asked) + " clamped to MAX_RW_COUNT 0x7ffff000");
                        count = Limits.MAX_RW_COUNT;
                        x.setLocal("count", count);
                    }
                    x.jump(switch (f.kind()) {
                        case TTY -> "c.tty_write";
                        case NULL -> "c.write_null";
                        case PIPE_WRITE, PIPE_READ -> "c.pipe_write";
                        case REGULAR -> "c.ext4_file_write_iter";
                    });
                });

        phase("c.tty_write", "tty_write: copy to the terminal",
                Src.c(v, "drivers/tty/tty_io.c", "tty_write / iterate_tty_write", ""),
                "The tty has only ->write_iter, so vfs_write goes through new_sync_write. The bytes are copied from "
                + "user memory in chunks and handed to the line discipline, which puts them on the terminal. If "
                + "nothing can be copied the result is -EFAULT, otherwise the count copied; the chunking and the "
                + "count == 0 result are UNCONFIRMED: they are what the kernel sources suggest, not verified on a real kernel.",
                Src.handlerFrames(v, false, "tty_write", "new_sync_write", "vfs_write", "ksys_write", "__x64_sys_write"),
                "ret = file->f_op->write_iter(&kiocb, &iter);  /* tty_write */", x -> {
                    long buf = x.local("buf");
                    long count = x.local("count");
                    long readable = x.memory().mappedPrefix(buf, count, true);
                    long chunk = 2048;
                    long copied = readable >= count ? count : (readable / chunk) * chunk;
                    if (count == 0) {
                        x.setLocal("ret", 0L);
                        x.note("count = 0: nothing to write");
                    } else if (copied == 0) {
                        x.setLocal("ret", -(long) Errno.EFAULT);
                        x.note(() -> "copy_from_user faults at " + hex(buf + readable) + ": nothing written, -EFAULT");
                    } else {
                        byte[] data = x.memory().read(buf, (int) copied);
                        x.setProcess(x.process().withTerminalOutput(data));
                        x.setLocal("ret", copied);
                        x.note(() -> copied + " bytes copied from user memory to the terminal"
                                + (copied < count ? "; the copy stopped at unmapped memory, a short write" : ""));
                    }
                    x.jump("c.store_ax");
                });

        phase("c.write_null", "write_null: /dev/null",
                Src.c(v, "drivers/char/mem.c", "write_null", ""),
                "/dev/null has a plain ->write, which vfs_write prefers. write_null returns count and never touches "
                + "the buffer, so even an unmapped buffer succeeds once access_ok has passed.",
                Src.handlerFrames(v, false, "write_null", "vfs_write", "ksys_write", "__x64_sys_write"),
                "return count;  /* write_null */", x -> {
                    x.setLocal("ret", x.local("count"));
                    x.note("returns count without reading the buffer");
                    x.jump("c.store_ax");
                });

        phase("c.pipe_write", v == KernelVersion.V7_0 ? "anon_pipe_write: into the pipe" : "pipe_write: into the pipe",
                Src.c(v, "fs/pipe.c", v == KernelVersion.V7_0 ? "anon_pipe_write" : "pipe_write", ""),
                "The bytes are copied from user memory into the pipe's buffer pages. A count of 0 returns 0 at once; "
                + "if nothing can be copied the result is -EFAULT, otherwise the number of bytes copied. A full pipe would put the writer to sleep, which is not simulated.",
                Src.handlerFrames(v, false, v == KernelVersion.V7_0 ? "anon_pipe_write" : "pipe_write",
                        "new_sync_write", "vfs_write", "ksys_write", "__x64_sys_write"),
                "ret = file->f_op->write_iter(&kiocb, &iter);  /* pipe_write */", x -> {
                    OpenFile f = file(x);
                    long buf = x.local("buf");
                    long count = x.local("count");
                    if (count == 0) {
                        x.setLocal("ret", 0L);
                        x.note("total_len == 0: returns 0");
                        x.jump("c.store_ax");
                        return;
                    }
                    long n = x.memory().mappedPrefix(buf, count, true);
                    byte[] old = x.process().pipe(f.pipeId());
                    if (n > ProcessState.PIPE_CAPACITY - old.length) {
                        x.fault(Outcome.Kind.NOT_SIMULATED, "the pipe would fill up: the writer sleeps until a reader "
                                + "drains it, which is not simulated");
                    }
                    if (n == 0) {
                        x.setLocal("ret", -(long) Errno.EFAULT);
                        x.note("nothing could be copied: -EFAULT");
                    } else {
                        byte[] data = x.memory().read(buf, (int) n);
                        byte[] joined = java.util.Arrays.copyOf(old, old.length + data.length);
                        System.arraycopy(data, 0, joined, old.length, data.length);
                        x.setProcess(x.process().withPipe(f.pipeId(), joined));
                        x.setLocal("ret", n);
                        x.note(() -> n + " bytes into pipe " + f.pipeId() + (n < count ? " (short: the copy hit unmapped memory)" : ""));
                    }
                    x.jump("c.store_ax");
                });

        phase("c.ext4_file_write_iter", "ext4_file_write_iter: into a regular file",
                Src.c(v, "fs/ext4/file.c", "ext4_file_write_iter", ""),
                "The data is copied into the page cache at the file position, and ksys_write stores the advanced "
                + "position back. A copy that faults stops early: the short count is returned, or -EFAULT when "
                + "nothing was copied; for regular files these details are UNCONFIRMED (not verified on a real kernel).",
                Src.handlerFrames(v, false, "ext4_file_write_iter", "new_sync_write", "vfs_write", "ksys_write",
                        "__x64_sys_write"),
                "ret = file->f_op->write_iter(&kiocb, &iter);  /* ext4 */", x -> {
                    OpenFile f = file(x);
                    long buf = x.local("buf");
                    long count = x.local("count");
                    long n = x.memory().mappedPrefix(buf, count, true);
                    if (count > 0 && n == 0) {
                        x.setLocal("ret", -(long) Errno.EFAULT);
                        x.note("nothing could be copied: -EFAULT");
                    } else {
                        byte[] data = x.memory().read(buf, (int) Math.min(n, 1 << 20));
                        byte[] old = x.process().file(f.path());
                        int pos = (int) f.position();
                        byte[] next = java.util.Arrays.copyOf(old, Math.max(old.length, pos + data.length));
                        System.arraycopy(data, 0, next, pos, data.length);
                        ProcessState p = x.process().withFile(f.path(), next)
                                .withFd((int) x.local("fd"), f.atPosition(pos + data.length));
                        x.setProcess(p);
                        x.setLocal("ret", (long) data.length);
                        x.note(() -> data.length + " bytes at offset " + pos + "; f_pos becomes " + (pos + data.length));
                    }
                    x.jump("c.store_ax");
                });
    }

    private void emitRead() {
        String rw = "fs/read_write.c";
        phase("c.__x64_sys_read", "__x64_sys_read: unpack the arguments from pt_regs",
                Src.c(v, rw, "SYSCALL_DEFINE3(read)", ""),
                "Like write: fd, buf and count are read from pt_regs and cast to unsigned int, user pointer and "
                + "size_t.",
                Src.handlerFrames(v, false, "__x64_sys_read"), "return ksys_read(fd, buf, count);",
                x -> unpack(x, "read"));

        phase("c.ksys_read", "ksys_read: find the file behind fd", Src.c(v, rw, "ksys_read", ""),
                "fdget_pos() finds the file; no file means -EBADF.",
                Src.handlerFrames(v, false, "ksys_read", "__x64_sys_read"), "struct fd f = fdget_pos(fd); if (!f.file) return -EBADF;", x -> {
                    long fd = x.local("fd");
                    Optional<OpenFile> f = x.process().fd(fd);
                    if (f.isEmpty()) {
                        fail(x, "ksys_read.fdget_pos", () -> "fd " + fd + " is not open", Errno.EBADF);
                        return;
                    }
                    OpenFile file = f.get();
                    x.check("ksys_read.fdget_pos", true, () -> "fd " + fd + " -> " + file.path() + " (" + file.modeName() + ")");
                });

        phase("c.vfs_read", "vfs_read: the checks, in the kernel's order", Src.c(v, rw, "vfs_read", ""),
                "The mirror of vfs_write: FMODE_READ (-EBADF), a read method (-EINVAL), access_ok (-EFAULT), "
                + "rw_verify_area, and the MAX_RW_COUNT clamp, then the file's read method.",
                Src.handlerFrames(v, false, "vfs_read", "ksys_read", "__x64_sys_read"),
                "ret = vfs_read(f.file, buf, count, ppos);", x -> {
                    OpenFile f = file(x);
                    long buf = x.local("buf");
                    long count = x.local("count");
                    if (!f.readable()) {
                        fail(x, "vfs_read.FMODE_READ", () -> f.path() + " is open " + f.modeName(), Errno.EBADF);
                        return;
                    }
                    x.check("vfs_read.FMODE_READ", true, () -> f.path() + " is open " + f.modeName());
                    x.check("vfs_read.FMODE_CAN_READ", true, () -> f.kind().label() + " has a read method");
                    if (!accessOk(x, buf, count)) {
                        x.setLocal("ret", -(long) Errno.EFAULT);
                        x.jump("c.store_ax");
                        return;
                    }
                    x.check("rw_verify_area", true, "count and position are valid; LSM allows");
                    if (Long.compareUnsigned(count, Limits.MAX_RW_COUNT) > 0) {
                        x.setLocal("count", Limits.MAX_RW_COUNT);
                        x.note("count clamped to MAX_RW_COUNT 0x7ffff000");
                    }
                    x.jump(switch (f.kind()) {
                        case TTY -> "c.tty_read";
                        case NULL -> "c.read_null";
                        case PIPE_READ, PIPE_WRITE -> "c.pipe_read";
                        case REGULAR -> "c.ext4_file_read_iter";
                    });
                });

        phase("c.tty_read", "tty_read: a line from the terminal", Src.c(v, "drivers/tty/tty_io.c", "tty_read / n_tty_read", ""),
                "In canonical mode the line discipline hands over at most one line, up to and including the "
                + "newline. With no complete line typed yet the reader sleeps, which is not simulated: give the "
                + "terminal input first.",
                Src.handlerFrames(v, false, "tty_read", "vfs_read", "ksys_read", "__x64_sys_read"),
                "ret = file->f_op->read_iter(&kiocb, &iter);  /* tty_read */", x -> {
                    byte[] input = x.process().terminalInput();
                    int nl = -1;
                    for (int i = 0; i < input.length; i++) {
                        if (input[i] == '\n') {
                            nl = i;
                            break;
                        }
                    }
                    if (nl < 0) {
                        x.fault(Outcome.Kind.NOT_SIMULATED, "no complete line is waiting on the terminal: the reader "
                                + "would sleep (not simulated); add input with `terminal input \"…\\n\"`");
                    }
                    int n = (int) Math.min(x.local("count"), nl + 1L);
                    copyOut(x, java.util.Arrays.copyOf(input, n), () ->
                            x.setProcess(x.process().withTerminalInput(java.util.Arrays.copyOfRange(input, n, input.length))));
                });

        phase("c.read_null", "read_null: /dev/null", Src.c(v, "drivers/char/mem.c", "read_null", ""),
                "Reading /dev/null always returns 0, end of file, and never touches the buffer.",
                Src.handlerFrames(v, false, "read_null", "vfs_read", "ksys_read", "__x64_sys_read"), "return 0;", x -> {
                    x.setLocal("ret", 0L);
                    x.jump("c.store_ax");
                });

        phase("c.pipe_read", "pipe_read: from the pipe", Src.c(v, "fs/pipe.c", v == KernelVersion.V7_0 ? "anon_pipe_read" : "pipe_read", ""),
                "Bytes come out of the pipe's buffer in order. An empty pipe with a writer still open puts the reader "
                + "to sleep, which is not simulated.",
                Src.handlerFrames(v, false, "pipe_read", "vfs_read", "ksys_read", "__x64_sys_read"),
                "ret = file->f_op->read_iter(&kiocb, &iter);  /* pipe_read */", x -> {
                    OpenFile f = file(x);
                    byte[] data = x.process().pipe(f.pipeId());
                    if (data.length == 0) {
                        x.fault(Outcome.Kind.NOT_SIMULATED, "the pipe is empty and its write end is open: the reader "
                                + "would sleep (not simulated)");
                    }
                    int n = (int) Math.min(x.local("count"), data.length);
                    copyOut(x, java.util.Arrays.copyOf(data, n), () -> x.setProcess(x.process().withPipe(f.pipeId(),
                            java.util.Arrays.copyOfRange(data, n, data.length))));
                });

        phase("c.ext4_file_read_iter", "ext4_file_read_iter: from a regular file",
                Src.c(v, "fs/ext4/file.c", "ext4_file_read_iter", ""),
                "Bytes from the file position to the end of the file (at most count) are copied out and the position "
                + "advances.",
                Src.handlerFrames(v, false, "ext4_file_read_iter", "vfs_read", "ksys_read", "__x64_sys_read"),
                "ret = file->f_op->read_iter(&kiocb, &iter);  /* ext4 */", x -> {
                    OpenFile f = file(x);
                    byte[] content = x.process().file(f.path());
                    int pos = (int) Math.min(f.position(), content.length);
                    int n = (int) Math.min(x.local("count"), content.length - pos);
                    copyOut(x, java.util.Arrays.copyOfRange(content, pos, pos + n), () -> x.setProcess(
                            x.process().withFd((int) x.local("fd"), f.atPosition(pos + (long) x.local("copied")))));
                });
    }

    /** copy_to_user of {@code data} into the user buffer; a copy that faults returns a short count or -EFAULT. */
    private void copyOut(Exec x, byte[] data, Runnable consume) {
        long buf = x.local("buf");
        long writable = writablePrefix(x, buf, data.length);
        int n = (int) Math.min(writable, data.length);
        if (data.length > 0 && n == 0) {
            x.setLocal("ret", -(long) Errno.EFAULT);
            x.note(() -> "copy_to_user faults at " + hex(buf) + ": -EFAULT (UNCONFIRMED for this file type: not verified on a real kernel)");
            x.jump("c.store_ax");
            return;
        }
        if (n > 0) {
            x.storeBytes(buf, java.util.Arrays.copyOf(data, n), "read buffer");
        }
        x.setLocal("copied", (long) n);
        consume.run();
        x.setLocal("ret", (long) n);
        x.setLocal("read.data", java.util.Arrays.copyOf(data, n));
        x.note(() -> n + " bytes copied to user memory at " + hex(buf));
        x.jump("c.store_ax");
    }

    private static long writablePrefix(Exec x, long address, long max) {
        long n = 0;
        while (n < max) {
            Optional<dev.sysstep.core.memory.Region> r = x.memory().regionAt(address + n);
            if (r.isEmpty() || !r.get().user() || !r.get().writable()) {
                return n;
            }
            n += r.get().end() - (address + n);
        }
        return max;
    }

    private void emitSmallHandlers() {
        phase("c.__x64_sys_getpid", "getpid: the thread group id", Src.c(v, "kernel/sys.c", "SYSCALL_DEFINE0(getpid)", ""),
                "getpid returns task_tgid_vnr(current): the id of the thread group as seen from the caller's pid "
                + "namespace. It takes no arguments and cannot fail.",
                Src.handlerFrames(v, false, "__x64_sys_getpid"), "return task_tgid_vnr(current);", x -> {
                    x.setLocal("ret", (long) x.process().pid());
                    x.jump("c.store_ax");
                });

        phase("c.__x64_sys_exit_group", "exit_group: the process ends", Src.c(v, "kernel/exit.c", "SYSCALL_DEFINE1(exit_group)", ""),
                "do_group_exit() kills every thread of the process and never returns: there is no return value and "
                + "no way back to user mode, so the path ends here. The exit status is the low 8 bits of the argument"
                + (v == KernelVersion.V7_0 ? "; 7.0's table marks exit_group noreturn." : "."),
                Src.handlerFrames(v, false, "__x64_sys_exit_group"), "do_group_exit((error_code & 0xff) << 8);", x -> {
                    int status = (int) (reg(x, PtRegs.DI) & 0xFF);
                    x.setProcess(x.process().exited(status));
                    x.setLocal("exit.status", (long) status);
                    int arg = (int) reg(x, PtRegs.DI);
                    x.end(Outcome.Kind.EXITED, () -> "exit_group(" + arg + "): do_group_exit never returns; "
                            + "the process exits with status " + status);
                });

        phase("c.__x64_sys_ni_syscall", "sys_ni_syscall: an empty slot", Src.c(v, "kernel/sys_ni.c", "sys_ni_syscall", ""),
                "This number is inside the table but has no implementation (a removed syscall, or a gap the table "
                + "generator filled): it returns -ENOSYS.",
                Src.handlerFrames(v, false, "__x64_sys_ni_syscall"), "return -ENOSYS;", x -> {
                    x.setLocal("ret", -(long) Errno.ENOSYS);
                    x.jump("c.store_ax");
                });

        phase("c.handler_not_simulated", "The handler body is not simulated",
                Src.c(v, "arch/x86/entry/syscalls/syscall_64.tbl", "handler", ""),
                "The number is valid and was dispatched to its handler, named below, but what that handler does is "
                + "not part of this simulation. The path stops here rather than invent a result.",
                Src.frames("handler"), "ret = handler(regs);", x -> x.end(Outcome.Kind.NOT_SIMULATED,
                        x.locals().get("handler").orElse("?") + " was dispatched, but its body is not simulated: "
                        + "the path stops here"));
    }

    private void emitCChecks() {
        String file = "arch/x86/entry/syscall_64.c";
        SourceRef src = Src.c(v, file, "do_syscall_64: SYSRET checks", "87-140");
        List<String> frames = Src.frames();
        phase("exit.check.xen_pv", "SYSRET check (C) 1: not Xen PV", src,
                "From 6.8 on the SYSRET eligibility checks are C, after syscall_exit_to_user_mode. Xen PV must always "
                + "use IRET; this is bare metal.",
                frames, "if (cpu_feature_enabled(X86_FEATURE_XENPV)) return false;", x -> x.check("exit.check.xen_pv", true,
                        "X86_FEATURE_XENPV is clear"));
        phase("exit.check.cx_ip_r11_flags", "SYSRET check (C) 2: cx == ip and r11 == flags", src,
                "SYSRET takes RIP from RCX and RFLAGS from R11, so both pairs must match. 7.0 tests them together.",
                frames, "if (unlikely(regs->cx != regs->ip || regs->r11 != regs->flags)) return false;", x -> {
                    long cx = reg(x, PtRegs.CX);
                    long ip = reg(x, PtRegs.IP);
                    long r11 = reg(x, PtRegs.R11);
                    long fl = reg(x, PtRegs.FLAGS);
                    cCheck(x, "exit.check.cx_ip_r11_flags", cx == ip && r11 == fl, () -> "cx " + hex(cx) + (cx == ip ? " == " : " != ")
                            + "ip " + hex(ip) + ", r11 " + hex(r11) + (r11 == fl ? " == " : " != ") + "flags " + hex(fl));
                });
        phase("exit.check.cs_ss", "SYSRET check (C) 3: cs == __USER_CS and ss == __USER_DS", src,
                "SYSRET loads fixed selectors, so the saved ones must be exactly those. In 7.0 cs and ss are unions "
                + "and the C code reads only their low 16 bits.",
                frames, "if (unlikely(regs->cs != __USER_CS || regs->ss != __USER_DS)) return false;", x -> {
                    long cs = reg(x, PtRegs.CS) & 0xFFFF;
                    long ss = reg(x, PtRegs.SS) & 0xFFFF;
                    cCheck(x, "exit.check.cs_ss", cs == Selectors.USER_CS && ss == Selectors.USER_DS,
                            () -> "cs " + hex(cs) + ", ss " + hex(ss) + " (low 16 bits)");
                });
        phase("exit.check.ip_task_size", "SYSRET check (C) 4: ip < TASK_SIZE_MAX", src,
                "Instead of the shift-based canonical test, 6.8 and later require ip below TASK_SIZE_MAX. That is "
                + "stricter: it also sends the top user page and every kernel-half address to IRET.",
                frames, "if (unlikely(regs->ip >= TASK_SIZE_MAX)) return false;", x -> {
                    long ip = reg(x, PtRegs.IP);
                    boolean ok = Long.compareUnsigned(ip, c.taskSizeMax()) < 0;
                    cCheck(x, "exit.check.ip_task_size", ok, () -> "ip " + hex(ip) + (ok ? " < " : " >= ") + "TASK_SIZE_MAX " + hex(c.taskSizeMax()));
                });
        phase("exit.check.rf_tf", "SYSRET check (C) 5: neither RF nor TF", src,
                "SYSRET cannot restore RF, and TF would trap right after it; either flag means IRET. All checks "
                + "passed: do_syscall_64 returns true.",
                frames, "if (unlikely(regs->flags & (X86_EFLAGS_RF | X86_EFLAGS_TF))) return false; return true;", x -> {
                    long fl = reg(x, PtRegs.FLAGS);
                    boolean ok = (fl & (RFlags.RF | RFlags.TF)) == 0;
                    cCheck(x, "exit.check.rf_tf", ok, () -> "flags & (RF|TF) = " + hex(fl & (RFlags.RF | RFlags.TF)));
                    if (ok) {
                        x.setLocal("sysret", 1L);
                    }
                });
    }

    private void cCheck(Exec x, String id, boolean ok, Supplier<String> detail) {
        x.check(id, ok, detail);
        if (!ok) {
            x.setLocal("sysret", 0L);
            x.note("return false: use IRET");
            x.jump("c.return");
        }
    }
}
