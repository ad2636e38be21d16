package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.PtRegs;
import dev.sysstep.core.path.Src;

/** The small handlers: getpid, exit_group, sys_ni_syscall, and the stop for a handler whose body is not simulated. */
final class SmallHandlers extends CPhases {
    private SmallHandlers(Asm a, KernelConfig c) {
        super(a, c);
    }

    static void emit(Asm a, KernelConfig c) {
        new SmallHandlers(a, c).emit();
    }

    private void emit() {
        phase("c.__x64_sys_getpid", "getpid: the thread group id", Src.c(v, "kernel/sys.c", "SYSCALL_DEFINE0(getpid)", ""),
                "getpid returns task_tgid_vnr(current): the id of the thread group as seen from the caller's pid "
                + "namespace. It takes no arguments and cannot fail.",
                Src.handlerFrames(v, false, "__x64_sys_getpid"), "return task_tgid_vnr(current);", x -> {
                    x.setLocal(Local.RET, (long) x.process().pid());
                    x.jump(STORE_AX);
                });

        phase("c.__x64_sys_exit_group", "exit_group: the process ends", Src.c(v, "kernel/exit.c", "SYSCALL_DEFINE1(exit_group)", ""),
                "do_group_exit() kills every thread of the process and never returns: there is no return value and "
                + "no way back to user mode, so the path ends here. The exit status is the low 8 bits of the argument"
                + (v.tableMarksNoreturn() ? "; " + v.label() + "'s table marks exit_group noreturn." : "."),
                Src.handlerFrames(v, false, "__x64_sys_exit_group"), "do_group_exit((error_code & 0xff) << 8);", x -> {
                    int status = (int) (reg(x, PtRegs.DI) & 0xFF);
                    x.setProcess(x.process().exited(status));
                    int arg = (int) reg(x, PtRegs.DI);
                    x.end(Outcome.Kind.EXITED, () -> "exit_group(" + arg + "): do_group_exit never returns; "
                            + "the process exits with status " + status);
                });

        phase("c.__x64_sys_ni_syscall", "sys_ni_syscall: an empty slot", Src.c(v, "kernel/sys_ni.c", "sys_ni_syscall", ""),
                "This number is inside the table but has no implementation (a removed syscall, or a gap the table "
                + "generator filled): it returns -ENOSYS.",
                Src.handlerFrames(v, false, "__x64_sys_ni_syscall"), "return -ENOSYS;", x -> {
                    x.setLocal(Local.RET, -(long) Errno.ENOSYS);
                    x.jump(STORE_AX);
                });

        phase("c.handler_not_simulated", "The handler body is not simulated",
                Src.c(v, "arch/x86/entry/syscalls/syscall_64.tbl", "handler", ""),
                "The number is valid and was dispatched to its handler, named below, but what that handler does is "
                + "not part of this simulation. The path stops here rather than invent a result.",
                Src.frames("handler"), "ret = handler(regs);", x -> x.end(Outcome.Kind.NOT_SIMULATED,
                        x.locals().get(Local.HANDLER).orElse("?") + " was dispatched, but its body is not simulated: "
                        + "the path stops here"));
    }
}
