package dev.sysstep.core.kernel;

/**
 * The addresses and values of one profile's machine that differ between kernel builds: where the
 * entry code and do_syscall_64 live, per-CPU offsets, the page-table roots and the test program's
 * stack. Each profile names where its values come from; what every build shares is in {@link Layout}.
 *
 * @param entrySyscall64 IA32_LSTAR = entry_SYSCALL_64
 * @param swapgsRestoreRegs swapgs_restore_regs_and_return_to_usermode, the IRET exit
 * @param doSyscall64 do_syscall_64
 * @param topOfStackOffset per-CPU offset of the task stack top the entry code loads (E4)
 * @param topOfStackSymbol what that per-CPU slot is called in this build
 * @param userPcidFlushMask per-CPU offset of cpu_tlbstate.user_pcid_flush_mask (a u16)
 * @param cr3UserNoPcid user CR3 without PCID (PTI's user half of the PGD: bit 12 set)
 * @param cr3KernelNoPcid kernel CR3 without PCID
 * @param cr3UserPcid user CR3 with PCID (bits 11 and 12 set)
 * @param cr3KernelPcid kernel CR3 with PCID
 * @param userRsp the user RSP the observed test program ran with
 * @param entrySysenterCompat IA32_SYSENTER_EIP = entry_SYSENTER_compat, or {@link #NOT_OBSERVED}
 * @param source where these values were seen
 */
public record MachineLayout(long entrySyscall64, long swapgsRestoreRegs, long doSyscall64, long topOfStackOffset,
                            String topOfStackSymbol, long userPcidFlushMask, long cr3UserNoPcid, long cr3KernelNoPcid,
                            long cr3UserPcid, long cr3KernelPcid, long userRsp, long entrySysenterCompat, String source) {

    /** An address the observation did not show. */
    public static final long NOT_OBSERVED = -1;

    /**
     * Debian 12's 6.1 kernel under QEMU (no PCID) and Bochs (PCID): observed-linux-6.1.md, "Addresses", "With
     * PCID", and IA32_SYSENTER_EIP from its "MSRs" table.
     */
    public static final MachineLayout OBSERVED_6_1 = new MachineLayout(
            0xffffffff81c00080L, 0xffffffff81c01150L, 0xffffffff81a43dc0L,
            0x1fb50L, "cpu_current_top_of_stack", 0x31556L,
            0x61d3000L, 0x61d2000L, 0x618f805L, 0x618e005L,
            0x427000L, 0xffffffff81c018f0L, "the addresses seen on a real Linux 6.1 machine");

    /**
     * Debian 13's 6.12.107 kernel under QEMU and Bochs: observed-linux-6.12.md, "Addresses" and "What
     * changed where". The stack top is pcpu_hot + 0x18 = %gs:0x351d8 (kernel-6.12.md §1 row 1).
     */
    public static final MachineLayout OBSERVED_6_12 = new MachineLayout(
            0xffffffff81e00080L, 0xffffffff81e01830L, 0xffffffff81cfe3e0L,
            0x351d8L, "pcpu_hot.top_of_stack", 0x35296L,
            0x534f000L, 0x534e000L, 0x52bd804L, 0x52bc004L,
            0x428000L, NOT_OBSERVED, "the addresses seen on a real Debian 6.12 machine");
}
