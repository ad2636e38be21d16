package dev.sysstep.core.code;

import dev.sysstep.core.syscall.CallSite;

/**
 * A named, typed local of the simulated kernel C code, carried from one C phase to the next in
 * {@link Locals}. The keys are the C variables the phases share, spelled as the kernel spells them.
 */
public final class Local<T> {
    /** How the path returned to user mode (set by SYSRET, SYSRETL and IRET). */
    public static final Local<ReturnVia> RETURN_VIA = new Local<>("return via", ReturnVia.class);
    /** The call as the program made it, captured at the entry instruction. */
    public static final Local<CallSite> CALL = new Local<>("call", CallSite.class);
    /** The ABI the number was dispatched under. */
    public static final Local<Abi> ABI = new Local<>("abi", Abi.class);
    /** struct pt_regs *regs. */
    public static final Local<Long> REGS = new Local<>("regs", Long.class);
    /** int nr, as do_syscall_64 received it. */
    public static final Local<Long> NR = new Local<>("nr", Long.class);
    /** The table index after the bounds check (unr, or xnr for x32). */
    public static final Local<Long> UNR = new Local<>("unr", Long.class);
    /** The handler the dispatch calls, such as __x64_sys_write. */
    public static final Local<String> HANDLER = new Local<>("handler", String.class);
    /** The running return value of the handler. */
    public static final Local<Long> RET = new Local<>("ret", Long.class);
    /** read/write's arguments after the casts SYSCALL_DEFINE3 applies. */
    public static final Local<Long> FD = new Local<>("fd", Long.class);
    public static final Local<Long> BUF = new Local<>("buf", Long.class);
    public static final Local<Long> COUNT = new Local<>("count", Long.class);
    /** Bytes copy_to_user copied. */
    public static final Local<Long> COPIED = new Local<>("copied", Long.class);
    /** What read() copied to the user, for the strace line. */
    public static final Local<byte[]> READ_DATA = new Local<>("read data", byte[].class);
    /** True while struct pt_regs is complete on the stack: after the entry saved the registers, before POP_REGS. */
    public static final Local<Boolean> PT_REGS_LIVE = new Local<>("pt_regs live", Boolean.class);
    /** thread_info->status & TS_COMPAT: set by syscall_32_enter, cleared on the way out (kernel-other-entries.md §2.4). */
    public static final Local<Boolean> TS_COMPAT = new Local<>("TS_COMPAT", Boolean.class);
    /** The landing pad in the 32-bit vDSO that do_fast_syscall_32 returns to (kernel-other-entries.md §3.5). */
    public static final Local<Long> LANDING_PAD = new Local<>("landing_pad", Long.class);
    /** do_fast_syscall_32's answer: may SYSRETL be used (kernel-other-entries.md §3.5). */
    public static final Local<Boolean> SYSRETL_ALLOWED = new Local<>("sysretl allowed", Boolean.class);
    /** emulate_vsyscall's caller: the return address it read from the user stack (kernel-other-entries.md §6). */
    public static final Local<Long> VSYSCALL_CALLER = new Local<>("caller", Long.class);
    /** exc_page_fault's address (from CR2) and error code. */
    public static final Local<Long> FAULT_ADDRESS = new Local<>("address", Long.class);
    public static final Local<Long> ERROR_CODE = new Local<>("error_code", Long.class);
    /** The vDSO's locals (lib/vdso/gettimeofday.c): which vdso_data, the seq it read, the counter, ns and sec. */
    public static final Local<Long> VDSO_VD = new Local<>("vd", Long.class);
    public static final Local<Long> VDSO_SEQ = new Local<>("seq", Long.class);
    public static final Local<Long> VDSO_CYCLES = new Local<>("cycles", Long.class);
    public static final Local<Long> VDSO_NS = new Local<>("ns", Long.class);
    public static final Local<Long> VDSO_SEC = new Local<>("sec", Long.class);
    /** True once `config vdso_retry on` has let the kernel's writer run during the read. */
    public static final Local<Boolean> VDSO_WRITER_RAN = new Local<>("writer ran", Boolean.class);
    /** do_syscall_64's bool: may SYSRET be used (6.7 and later). */
    public static final Local<Boolean> SYSRET_ALLOWED = new Local<>("sysret allowed", Boolean.class);

    /** The three ways back to user mode. */
    public enum ReturnVia { SYSRET, SYSRETL, IRET }

    /** The syscall ABIs: 64-bit, x32 (bit 30 of the number) and i386. */
    public enum Abi { X64, X32, IA32 }

    private final String name;
    private final Class<T> type;

    private Local(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
