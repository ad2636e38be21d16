package dev.sysstep.core.path.entry;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.code.SourceRef;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.path.Macros;
import java.util.List;
import java.util.function.Function;

/**
 * The speculation mitigations every entry runs once it is on the kernel stack: IBRS_ENTER,
 * UNTRAIN_RET and CLEAR_BRANCH_HISTORY (reference §1.1 E14–E16), expanded the same way wherever the
 * macros are used: entry_SYSCALL_64, error_entry, the 32-bit entries.
 */
public final class Mitigations {
    private Mitigations() {
    }

    /**
     * Where the macros are expanded: the phase id prefix, the source reference of a macro by name, and
     * the call chain.
     */
    public record Site(String prefix, Function<String, SourceRef> source, List<String> frames) {
    }

    /** IBRS_ENTER; {@code clobberNote} says why its place in this entry is safe for the registers it uses. */
    public static void ibrsEnter(Asm a, KernelConfig c, Site at, String clobberNote) {
        boolean ibrs = c.has(Mitigation.IBRS);
        a.phase(at.prefix() + ".ibrs_enter", "IBRS_ENTER", PhaseKind.ASM, at.source().apply("IBRS_ENTER"),
                ibrs ? "X86_FEATURE_KERNEL_IBRS is set: the kernel turns on IBRS in IA32_SPEC_CTRL (MSR 0x48) while it "
                        + "runs, a Spectre v2 / retbleed defence for CPUs without a better one." + clobberNote
                        : "X86_FEATURE_KERNEL_IBRS is clear on this CPU, so the ALTERNATIVE is a JMP over the SPEC_CTRL "
                        + "write: IA32_SPEC_CTRL keeps its value.",
                at.frames());
        if (ibrs) {
            a.nop(2, "ALTERNATIVE: X86_FEATURE_KERNEL_IBRS set, the jmp is patched out");
            a.movl(Reg.SPEC_CTRL.msrNumber(), Reg.RCX, "MSR_IA32_SPEC_CTRL");
            a.loadPercpuValue("x86_spec_ctrl_current", Reg.RDX, Layout.SPEC_CTRL_IBRS,
                    "the kernel's SPEC_CTRL value, IBRS set (per-CPU offset not observed)");
            a.movl(Reg.RDX, Reg.RAX, "low half for wrmsr");
            a.shrq(32, Reg.RDX, "high half for wrmsr");
            a.wrmsr("IA32_SPEC_CTRL = EDX:EAX");
        } else {
            String end = ".Lend_ibrs_enter#" + at.prefix();
            a.jmp(end, 2, "ALTERNATIVE: X86_FEATURE_KERNEL_IBRS clear, jump over the MSR write");
            a.skip(Macros.ibrsEnterBytes(a));
            a.label(end);
        }
    }

    /** UNTRAIN_RET, with the sites the release puts in it (reference §1.1 E15; kernel-6.12.md §1 row 8). */
    public static void untrainRet(Asm a, KernelConfig c, Site at) {
        KernelVersion v = c.version();
        boolean unret = c.has(Mitigation.UNTRAIN_RET);
        // RESET_CALL_DEPTH: xor %eax,%eax (2); bts $63,%rax (5); movq %rax to the per-CPU depth (9, or 8 %rip-relative):
        // 15 bytes on 6.12, which puts `call do_syscall_64` at the observed 0xffffffff81e0012a (observed-linux-6.12.md)
        int callDepthSite = 2 + 5 + a.percpuLength(9);
        a.phase(at.prefix() + ".untrain_ret", "UNTRAIN_RET", PhaseKind.ASM, at.source().apply("UNTRAIN_RET"),
                (unret ? "X86_FEATURE_UNRET is set (an AMD Zen 1/2 part affected by retbleed/SRSO): entry_untrain_ret "
                        + "retrains the return predictor before the kernel's first RET. The untraining sequence is "
                        + "one step here; it is not simulated instruction by instruction."
                        : "This CPU needs neither return untraining (X86_FEATURE_UNRET) nor an IBPB on entry, so the "
                        + "ALTERNATIVE sites are patched out.")
                + (v.untrainRetStartsWithNop()
                        ? " On " + v.label() + " the macro also starts with a one-byte NOP (ANNOTATE_UNRET_END), and "
                        + "CALL_UNTRAIN_RET and the entry_ibpb call are separate 5-byte sites: three instructions in all."
                        : v.untrainSiteResetsCallDepth()
                        ? " The second site also carries RESET_CALL_DEPTH (call depth tracking), so it is " + callDepthSite
                        + " bytes long; optimize_nops() turns padding longer than 11 bytes into a two-byte JMP over "
                        + "INT3s (alternative.c add_nop), so it runs as one jmp."
                        : ""),
                at.frames());
        if (v.untrainRetStartsWithNop()) {
            a.nop(1, "ANNOTATE_UNRET_END");
        }
        if (unret) {
            a.callOpaque("entry_untrain_ret", new Reg[0], "CALL_UNTRAIN_RET (X86_FEATURE_UNRET)",
                    "entry_untrain_ret jumps to retbleed_untrain_ret or srso_untrain_ret, which retrain the return "
                    + "stack predictor and return; not simulated instruction by instruction");
        } else {
            a.nop(5, "CALL_UNTRAIN_RET: ALTERNATIVE for X86_FEATURE_UNRET clear");
        }
        String ibpb = v.ibpbOnEntryFunction();
        if (v.untrainSiteResetsCallDepth()) {
            a.jmpOverPadding(callDepthSite, "untrain_ret#" + at.prefix(), "ALTERNATIVE_2 \"\", \"call " + ibpb
                    + "\", RESET_CALL_DEPTH: neither feature set; a JMP over " + (callDepthSite - 2) + " INT3s");
        } else {
            a.nop(5, "ALTERNATIVE \"\", \"call entry_ibpb\", X86_FEATURE_ENTRY_IBPB: clear");
        }
    }

    /** CLEAR_BRANCH_HISTORY (reference §1.1 E16): a call to clear_bhb_loop, or a NOP. */
    public static void clearBranchHistory(Asm a, KernelConfig c, Site at) {
        boolean bhi = c.has(Mitigation.BHI);
        a.phase(at.prefix() + ".clear_branch_history", "CLEAR_BRANCH_HISTORY", PhaseKind.ASM,
                at.source().apply("CLEAR_BRANCH_HISTORY"),
                bhi ? "X86_FEATURE_CLEAR_BHB_LOOP is set: clear_bhb_loop runs a fixed pattern of calls and branches that "
                        + "overwrites the branch history buffer, so user-controlled history cannot steer kernel indirect "
                        + "branches (BHI). The loop is one step here; the registers it uses become unknown."
                        : "X86_FEATURE_CLEAR_BHB_LOOP is clear on this CPU, so the BHI mitigation site is a NOP.",
                at.frames());
        // ALTERNATIVE "", "call clear_bhb_loop": a 5-byte site; the LFENCE is inside clear_bhb_loop (nospec-branch.h)
        if (bhi) {
            a.callOpaque("clear_bhb_loop", new Reg[] {Reg.RAX, Reg.RCX}, "X86_FEATURE_CLEAR_BHB_LOOP",
                    "clear_bhb_loop: nested loops of calls and jumps that scrub the branch history, ending with an "
                    + "LFENCE; not simulated instruction by instruction");
        } else {
            a.nop(5, "ALTERNATIVE: X86_FEATURE_CLEAR_BHB_LOOP clear");
        }
    }
}
