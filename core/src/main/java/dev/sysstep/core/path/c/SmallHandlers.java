package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.path.Src;

/** The small handlers: getpid, exit_group, sys_ni_syscall, and the stop for a handler whose body is not simulated. */
final class SmallHandlers extends CPhases {
    private SmallHandlers(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    static void emit(Asm a, KernelConfig c, CallPath path) {
        new SmallHandlers(a, c, path).emit();
    }

    private void emit() {
        phase("c." + path.stub("getpid"), "getpid: the thread group id", Src.c(v, "kernel/sys.c", "SYSCALL_DEFINE0(getpid)", ""),
                "getpid returns task_tgid_vnr(current): the id of the thread group as seen from the caller's pid "
                + "namespace. It takes no arguments and cannot fail.",
                path.handler(path.stub("getpid")), "return task_tgid_vnr(current);", x -> {
                    x.setLocal(Local.RET, (long) x.process().pid());
                    x.jump(path.afterHandler());
                });

        phase("c." + path.stub("exit_group"), "exit_group: the process ends",
                Src.c(v, "kernel/exit.c", "SYSCALL_DEFINE1(exit_group)", ""),
                "do_group_exit() kills every thread of the process and never returns: there is no return value and "
                + "no way back to user mode, so the path ends here. The exit status is the low 8 bits of the argument"
                + (v.tableMarksNoreturn() ? "; " + v.label() + "'s table marks exit_group noreturn." : "."),
                path.handler(path.stub("exit_group")), "do_group_exit((error_code & 0xff) << 8);", x -> exit(x, "exit_group"));

        if (path.abi() == Local.Abi.IA32) {
            phase("c." + path.stub("exit"), "exit: the thread ends", Src.c(v, "kernel/exit.c", "SYSCALL_DEFINE1(exit)", ""),
                    "do_exit() ends the calling thread and never returns. The process has one thread, so the process "
                    + "ends with it; its status is the low 8 bits of the argument. In the i386 table this is number 1, "
                    + "which in the 64-bit table is write.",
                    path.handler(path.stub("exit")), "do_exit((error_code & 0xff) << 8);", x -> exit(x, "exit"));
        }

        phase("c." + path.stub("ni_syscall"), "sys_ni_syscall: an empty slot", Src.c(v, "kernel/sys_ni.c", "sys_ni_syscall", ""),
                "This number is inside the table but has no implementation (a removed syscall, or a gap the table "
                + "generator filled): it returns -ENOSYS.",
                path.handler(path.stub("ni_syscall")), "return -ENOSYS;", x -> {
                    x.setLocal(Local.RET, -(long) Errno.ENOSYS);
                    x.jump(path.afterHandler());
                });

        String table = path.abi() == Local.Abi.IA32 ? "syscall_32.tbl" : "syscall_64.tbl";
        phase("c.handler_not_simulated", "The handler body is not simulated",
                Src.c(v, "arch/x86/entry/syscalls/" + table, "handler", ""),
                "The number is valid and was dispatched to its handler, named below, but what that handler does is "
                + "not part of this simulation. The path stops here rather than invent a result.",
                path.handler("handler"), "ret = handler(regs);", x -> x.end(Outcome.Kind.NOT_SIMULATED,
                        x.locals().get(Local.HANDLER).orElse("?") + " was dispatched, but its body is not simulated: "
                        + "the path stops here"));
    }

    private void exit(Exec x, String name) {
        long code = arg(x, 0);
        int status = (int) (code & 0xFF);
        x.setProcess(x.process().exited(status));
        int shown = (int) code;
        String fn = name.equals("exit") ? "do_exit" : "do_group_exit";
        x.end(Outcome.Kind.EXITED, () -> name + "(" + shown + "): " + fn + " never returns; the process exits with status "
                + status);
    }
}
