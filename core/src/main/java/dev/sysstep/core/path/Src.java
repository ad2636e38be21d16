package dev.sysstep.core.path;

import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.kernel.KernelVersion;
import java.util.ArrayList;
import java.util.List;

/** Source references and call chains shared by the path builders. */
public final class Src {
    public static final String ENTRY_64 = "arch/x86/entry/entry_64.S";
    public static final String ENTRY_64_COMPAT = "arch/x86/entry/entry_64_compat.S";
    public static final String CALLING_H = "arch/x86/entry/calling.h";
    public static final String NOSPEC_H = "arch/x86/include/asm/nospec-branch.h";
    public static final String SYSCALL_64_C = "arch/x86/entry/syscall_64.c";
    public static final List<String> ENTRY_FRAMES = List.of("entry_SYSCALL_64");
    public static final List<String> IRET_FRAMES = List.of("swapgs_restore_regs_and_return_to_usermode");

    private Src() {
    }

    /** The header a kernel macro is defined in: calling.h for the register and CR3 macros, nospec-branch.h for the rest. */
    public static String macroFile(String macro) {
        return switch (macro) {
            case "UNTRAIN_RET", "CLEAR_BRANCH_HISTORY", "CLEAR_CPU_BUFFERS" -> NOSPEC_H;
            default -> CALLING_H;
        };
    }

    public static String release(KernelVersion v) {
        return "Linux " + v.release();
    }

    /** A piece of entry_SYSCALL_64, optionally a macro expanded from another file. */
    public static SourceRef entry(KernelVersion v, String macro, String macroFile) {
        String symbol = macro == null ? "entry_SYSCALL_64" : "entry_SYSCALL_64: " + macro + " (" + macroFile + ")";
        return new SourceRef(ENTRY_64, symbol, release(v), v.sources().entryLines());
    }

    /** A piece of the IRET exit, inside common_interrupt_return (so named since 5.8, in all our profiles). */
    public static SourceRef iret(KernelVersion v, String macro, String macroFile) {
        String base = "common_interrupt_return: swapgs_restore_regs_and_return_to_usermode";
        String symbol = macro == null ? base : base + ": " + macro + " (" + macroFile + ")";
        return new SourceRef(ENTRY_64, symbol, release(v), "");
    }

    /** A symbol of entry_64.S other than entry_SYSCALL_64 (the idtentry stubs, error_entry, error_return). */
    public static SourceRef e64(KernelVersion v, String symbol, String lines) {
        return new SourceRef(ENTRY_64, symbol, release(v), lines);
    }

    /** A symbol of entry_64_compat.S: the 32-bit entries and their SYSRETL exit. */
    public static SourceRef compat(KernelVersion v, String symbol, String lines) {
        return new SourceRef(ENTRY_64_COMPAT, symbol, release(v), lines);
    }

    public static SourceRef c(KernelVersion v, String file, String symbol, String lines) {
        return new SourceRef(file, symbol, release(v), lines);
    }

    public static SourceRef sdm(String insn) {
        return new SourceRef("Intel SDM Vol. 2B", insn, "", "");
    }

    /** The C call chain, innermost first, ending in entry_SYSCALL_64. */
    public static List<String> frames(String... inner) {
        List<String> out = new ArrayList<>(List.of(inner));
        out.add("do_syscall_64");
        out.add("entry_SYSCALL_64");
        return out;
    }

    /** Frames below the handler: {@code __x64_sys_write ← x64_sys_call ← do_syscall_x64 ← …}. */
    public static List<String> handlerFrames(KernelVersion v, boolean x32, String... inner) {
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
