package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Local;
import dev.sysstep.core.kernel.KernelVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * How a syscall handler was reached, which decides what its phases look like: the ABI its stub
 * unpacks (the {@code __x64_sys_} stubs read di, si, dx; the {@code __ia32_sys_} stubs read bx, cx,
 * dx through {@code unsigned int}), the call chain below the handler, and the phase its result goes
 * to. The handlers themselves (ksys_write, vfs_write, ...) are the same code on every path.
 *
 * @param abi the ABI the stub unpacks
 * @param below the frames under the handler, innermost first, down to the entry code
 * @param afterHandler the phase the handler's result goes to
 */
public record CallPath(Local.Abi abi, List<String> below, String afterHandler) {
    /** The phase every handler's result goes through on its way to pt_regs->ax. */
    public static final String STORE_AX = "c.store_ax";

    public CallPath {
        below = List.copyOf(below);
    }

    /** do_syscall_64's dispatch: x64_sys_call (or sys_call_table) under do_syscall_x64 (reference §5). */
    public static CallPath x64(KernelVersion v) {
        List<String> b = new ArrayList<>();
        if (v.dispatchesBySwitch()) {
            b.add("x64_sys_call");
        }
        b.add("do_syscall_x64 [inlined]");
        b.add("do_syscall_64");
        b.add("entry_SYSCALL_64");
        return new CallPath(Local.Abi.X64, b, STORE_AX);
    }

    /**
     * do_syscall_32_irqs_on's dispatch (kernel-other-entries.md §2.4 step 7), under the C and entry
     * frames of the way in ({@code entryFrames}, innermost first).
     */
    public static CallPath ia32(KernelVersion v, List<String> entryFrames) {
        List<String> b = new ArrayList<>();
        if (v.dispatchesBySwitch()) {
            b.add("ia32_sys_call");
        }
        b.add("do_syscall_32_irqs_on [inlined]");
        b.addAll(entryFrames);
        return new CallPath(Local.Abi.IA32, b, STORE_AX);
    }

    /**
     * emulate_vsyscall's direct calls of the __x64_sys_ handlers (kernel-other-entries.md §6), under the
     * page fault's C and entry frames; their results go to emulate_vsyscall's {@code ret}.
     */
    public static CallPath vsyscall(String afterHandler) {
        return new CallPath(Local.Abi.X64, List.of("emulate_vsyscall", "do_user_addr_fault",
                "handle_page_fault [inlined]", "exc_page_fault", "asm_exc_page_fault"), afterHandler);
    }

    /** The stub a handler name has on this path: {@code __x64_sys_write}, {@code __ia32_sys_write}. */
    public String stub(String name) {
        return (abi == Local.Abi.IA32 ? "__ia32_sys_" : "__x64_sys_") + name;
    }

    /** The frames of a phase inside the handler, innermost first. */
    public List<String> handler(String... inner) {
        List<String> out = new ArrayList<>(List.of(inner));
        out.addAll(below);
        return out;
    }
}
