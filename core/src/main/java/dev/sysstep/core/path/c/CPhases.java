package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Effect;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.memory.Bytes;
import dev.sysstep.core.process.OpenFile;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every emitter of kernel C phases shares: one phase per C step, the arguments read from
 * pt_regs, the return value stored in pt_regs->ax, and a failed check that returns an errno. Each C
 * phase is one step; C locals carry values from one phase to the next.
 */
abstract class CPhases {
    /** Caller-saved registers: compiled C may leave anything in them (x86-64 psABI). */
    static final Reg[] CLOBBERED = {Reg.RAX, Reg.RCX, Reg.RDX, Reg.RSI, Reg.RDI, Reg.R8, Reg.R9, Reg.R10, Reg.R11};
    /** The phase every handler's result goes through on its way to pt_regs->ax. */
    static final String STORE_AX = CallPath.STORE_AX;

    final Asm a;
    final KernelConfig c;
    final KernelVersion v;
    final long ptRegs;
    /** How handlers are reached in this build: their stubs' ABI, the frames below them, where results go. */
    final CallPath path;

    CPhases(Asm a, KernelConfig c, CallPath path) {
        this.a = a;
        this.c = c;
        this.v = c.version();
        this.ptRegs = Layout.ptRegs(v);
        this.path = path;
    }

    CPhases(Asm a, KernelConfig c) {
        this(a, c, CallPath.x64(c.version()));
    }

    final void phase(String id, String title, SourceRef src, String explanation, List<String> frames, String text,
                     Effect effect) {
        phaseAt(-1, id, title, src, explanation, frames, text, effect);
    }

    final void phaseAt(long address, String id, String title, SourceRef src, String explanation, List<String> frames,
                       String text, Effect effect) {
        a.phase(id, title, PhaseKind.C, src, explanation, frames);
        a.label(id);
        a.emitC(address, text, "", effect);
    }

    /** A pt_regs slot, read the way the C code reads it (no page-table checks: the kernel stack is mapped). */
    final long reg(Exec x, int offset) {
        return x.memory().read64(ptRegs + offset);
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    static String errno(long ret) {
        return Errno.isError(ret) ? Errno.name(-ret).map(n -> "-" + n).orElse(Long.toString(ret)) : Long.toString(ret);
    }

    final void storeAx(Exec x, long ret) {
        x.setLocal(Local.RET, ret);
        x.storeBytes(ptRegs + PtRegs.AX, Bytes.le(ret, 8), "pt_regs->ax");
        x.note(() -> "pt_regs->ax = " + errno(ret));
    }

    /** A check that failed with an errno: the handler returns it, and the run goes on to store it. */
    final void fail(Exec x, String check, Supplier<String> detail, int errno) {
        String name = "-" + Errno.name(errno).orElse("?");
        x.check(check, false, detail, "returns " + name);
        x.setLocal(Local.RET, -(long) errno);
        x.note(() -> "returns " + name);
        x.jump(path.afterHandler());
    }

    static OpenFile file(Exec x) {
        return x.process().fd(x.local(Local.FD)).orElseThrow();
    }

    /** The pt_regs slot of argument {@code i} (0-based) of the stub's ABI: di, si, dx, r10, r8, r9 or bx, cx, dx, si, di, bp. */
    final int argSlot(int i) {
        int[] x64 = {PtRegs.DI, PtRegs.SI, PtRegs.DX, PtRegs.R10, PtRegs.R8, PtRegs.R9};
        int[] ia32 = {PtRegs.BX, PtRegs.CX, PtRegs.DX, PtRegs.SI, PtRegs.DI, PtRegs.BP};
        return (path.abi() == Local.Abi.IA32 ? ia32 : x64)[i];
    }

    /**
     * Argument {@code i} as the stub hands it to the handler, before its declared type: the __ia32_sys_
     * stubs cast every argument through unsigned int first (__SC_COMPAT_CAST, kernel-other-entries.md §2.5).
     */
    final long arg(Exec x, int i) {
        long raw = reg(x, argSlot(i));
        return path.abi() == Local.Abi.IA32 ? raw & 0xFFFF_FFFFL : raw;
    }

    /** Reads the three arguments from pt_regs the way SYSCALL_DEFINE3 unpacks them. */
    final void unpack(Exec x, String name) {
        long fd = arg(x, 0) & 0xFFFF_FFFFL;
        long buf = arg(x, 1);
        long count = arg(x, 2);
        x.setLocal(Local.FD, fd);
        x.setLocal(Local.BUF, buf);
        x.setLocal(Local.COUNT, count);
        String[] names = path.abi() == Local.Abi.IA32 ? new String[] {"bx", "cx", "dx"} : new String[] {"di", "si", "dx"};
        long[] raw = {reg(x, argSlot(0)), reg(x, argSlot(1)), reg(x, argSlot(2))};
        long[] used = {fd, buf, count};
        x.note(() -> {
            StringBuilder b = new StringBuilder(name + "(fd = " + fd + ", buf = " + hex(buf) + ", count = "
                    + Long.toUnsignedString(count) + ")");
            for (int i = 0; i < 3; i++) {
                if (raw[i] != used[i]) {
                    b.append("; ").append(i == 0 && path.abi() != Local.Abi.IA32 ? "fd is unsigned int: " : "")
                            .append("pt_regs->").append(names[i]).append(' ').append(hex(raw[i])).append(" truncated to ")
                            .append(i == 0 ? Long.toString(used[i]) : hex(used[i]));
                }
            }
            return b.toString();
        });
    }

    /** What the stub phase of a handler says about how it reads its arguments. */
    final String stubUnpacking(String regsText) {
        return path.abi() == Local.Abi.IA32
                ? "The stub " + path.stub("") + "* that SYSCALL_DEFINE generates for the ia32 table reads bx, cx, dx, "
                + "si, di and bp from pt_regs and casts each through unsigned int before its declared type "
                + "(__SC_COMPAT_CAST, asm/syscall_wrapper.h): the upper 32 bits of every argument are dropped, so a "
                + "64-bit pointer keeps only its low half, and a long is sign-extended from bit 31."
                : regsText;
    }

    /** access_ok(buf, count) as the profile's release spells it (reference §6.2). */
    final boolean accessOk(Exec x, long buf, long count) {
        long max = c.taskSizeMax();
        boolean ok;
        String rule;
        switch (v.accessOk()) {
            case WRAP_AND_TASK_SIZE -> {
                long end = buf + count;
                boolean wraps = Long.compareUnsigned(end, buf) < 0;
                ok = !wraps && Long.compareUnsigned(end, max) <= 0;
                rule = "buf + count must not wrap and must be <= TASK_SIZE_MAX";
            }
            case GENERIC -> {
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
        x.check("access_ok", ok, () -> why + " (TASK_SIZE_MAX = " + hex(max) + ")", "returns -EFAULT");
        return ok;
    }

    /** syscall_32_enter (§2.4 step 5): TS_COMPAT, and nr from orig_ax. */
    final void syscall32Enter(List<String> frames, SourceRef src) {
        phase("c.syscall_32_enter", "syscall_32_enter: the task is in a 32-bit syscall", src,
                "TS_COMPAT is set in thread_info->status, so in_ia32_syscall() is true while the kernel works: compat "
                + "semantics apply (for example, mmap places memory below 4 GiB). The number is orig_ax as an int.",
                withInner("syscall_32_enter [inlined]", frames), "current_thread_info()->status |= TS_COMPAT; return (int)regs->orig_ax;",
                x -> {
                    x.setLocal(Local.TS_COMPAT, true);
                    long nr = (int) reg(x, PtRegs.ORIG_AX);
                    x.setLocal(Local.NR, nr);
                    x.note(() -> "TS_COMPAT set; nr = " + nr);
                });
    }


    /** {@code inner} above {@code frames}. */
    static List<String> withInner(String inner, List<String> frames) {
        List<String> out = new java.util.ArrayList<>();
        out.add(inner);
        out.addAll(frames);
        return out;
    }
}
