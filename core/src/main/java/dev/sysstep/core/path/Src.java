package dev.sysstep.core.path;

import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.kernel.KernelVersion;
import java.util.ArrayList;
import java.util.List;

/** Source references and call chains shared by the path builders. */
final class Src {
    static final String ENTRY_64 = "arch/x86/entry/entry_64.S";
    static final String CALLING_H = "arch/x86/entry/calling.h";
    static final String NOSPEC_H = "arch/x86/include/asm/nospec-branch.h";
    static final List<String> ENTRY_FRAMES = List.of("entry_SYSCALL_64");
    static final List<String> IRET_FRAMES = List.of("swapgs_restore_regs_and_return_to_usermode");

    private Src() {
    }

    static String release(KernelVersion v) {
        return "Linux " + v.release();
    }

    /** A piece of entry_SYSCALL_64, optionally a macro expanded from another file. */
    static SourceRef entry(KernelVersion v, String macro, String macroFile) {
        String symbol = macro == null ? "entry_SYSCALL_64" : "entry_SYSCALL_64: " + macro + " (" + macroFile + ")";
        return new SourceRef(ENTRY_64, symbol, release(v), v.entryLines());
    }

    static SourceRef iret(KernelVersion v, String macro, String macroFile) {
        String base = v == KernelVersion.V5_14 ? "swapgs_restore_regs_and_return_to_usermode"
                : "common_interrupt_return: swapgs_restore_regs_and_return_to_usermode";
        String symbol = macro == null ? base : base + ": " + macro + " (" + macroFile + ")";
        return new SourceRef(ENTRY_64, symbol, release(v), "");
    }

    static SourceRef c(KernelVersion v, String file, String symbol, String lines) {
        return new SourceRef(file, symbol, release(v), lines);
    }

    static SourceRef sdm(String insn) {
        return new SourceRef("Intel SDM Vol. 2B", insn, "", "");
    }

    /** The C call chain, innermost first, ending in entry_SYSCALL_64. */
    static List<String> frames(String... inner) {
        List<String> out = new ArrayList<>(List.of(inner));
        out.add("do_syscall_64");
        out.add("entry_SYSCALL_64");
        return out;
    }

    /** Frames below the handler: {@code __x64_sys_write ← x64_sys_call ← do_syscall_x64 ← …}. */
    static List<String> handlerFrames(KernelVersion v, boolean x32, String... inner) {
        List<String> out = new ArrayList<>(List.of(inner));
        if (v.dispatchesBySwitch()) {
            out.add(x32 ? "x32_sys_call" : "x64_sys_call");
        }
        out.add(x32 ? "do_syscall_x32 [inlined]" : "do_syscall_x64 [inlined]");
        out.add("do_syscall_64");
        out.add("entry_SYSCALL_64");
        return out;
    }
}
