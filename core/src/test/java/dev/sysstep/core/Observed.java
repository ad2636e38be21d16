package dev.sysstep.core;

import dev.sysstep.core.kernel.KernelVersion;

/**
 * The values seen on the two real machines, written out as literals from the references (never
 * read from the simulator): observed-linux-6.1.md and observed-linux-6.12.md. The 5.14 and 7.0
 * profiles reuse the 6.1 machine's addresses (reference §0; README "Profiles").
 *
 * @param lstar IA32_LSTAR = entry_SYSCALL_64 ("Addresses")
 * @param cr3User user CR3 without PCID, pti=on ("What changed where")
 * @param cr3Kernel kernel CR3 without PCID
 * @param cr3UserPcid user CR3 with PCID ("With PCID" / "What changed where")
 * @param cr3KernelPcid kernel CR3 with PCID
 * @param pcidFlushMask per-CPU offset of cpu_tlbstate.user_pcid_flush_mask
 * @param swapgsRestore swapgs_restore_regs_and_return_to_usermode
 * @param userRsp the user RSP the observed test program ran with
 */
record Observed(long lstar, long cr3User, long cr3Kernel, long cr3UserPcid, long cr3KernelPcid, long pcidFlushMask,
                long swapgsRestore, long userRsp) {

    static final Observed LINUX_6_1 = new Observed(0xffffffff81c00080L, 0x61d3000L, 0x61d2000L, 0x618f805L, 0x618e005L,
            0x31556L, 0xffffffff81c01150L, 0x427000L);
    static final Observed LINUX_6_12 = new Observed(0xffffffff81e00080L, 0x534f000L, 0x534e000L, 0x52bd804L, 0x52bc004L,
            0x35296L, 0xffffffff81e01830L, 0x428000L);

    static Observed of(KernelVersion v) {
        return v == KernelVersion.V6_12 ? LINUX_6_12 : LINUX_6_1;
    }

    /** 7.0 is modelled as a CONFIG_X86_FRED=y build: 16 bytes of padding above pt_regs (reference §1.5, §1.6). */
    static long stackPadding(KernelVersion v) {
        return v == KernelVersion.V7_0 ? 16 : 0;
    }

    /** Where pt_regs starts: 0xffffc90000013f58 on both machines, 16 bytes lower with FRED padding. */
    static long ptRegs(KernelVersion v) {
        return 0xffffc90000013f58L - stackPadding(v);
    }

    /** The SYSRET checks run in C from v6.7 (kernel-6.12.md §1 row 4): 6.12 and 7.0. */
    static boolean sysretChecksInC(KernelVersion v) {
        return v == KernelVersion.V6_12 || v == KernelVersion.V7_0;
    }
}
