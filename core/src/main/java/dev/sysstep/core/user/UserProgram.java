package dev.sysstep.core.user;

import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Layout;
import dev.sysstep.core.syscall.SyscallTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The user program whose syscall is simulated: a few MOVs that load the number and arguments,
 * then {@code syscall} at 0x401b27 and {@code mov %rax,%rcx} after it, as in seed 001's example.
 * {@link #bare()} is only the {@code syscall}, so every register is whatever was set. The
 * {@link Entry} says how it enters the kernel: {@code syscall} by default, {@code int $0x80}, a
 * 32-bit process, the vDSO, the vsyscall page or glibc's wrappers.
 */
public final class UserProgram {
    /** The argument registers in ABI order (reference §8.1: R10, not RCX, carries the 4th). */
    public static final String[] ARG_REGS = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
    /** The i386 ABI's argument registers (kernel-other-entries.md §2.5). */
    public static final String[] IA32_ARG_REGS = {"rbx", "rcx", "rdx", "rsi", "rdi", "rbp"};

    /** An argument: a number, or the address of the program's message in .rodata. */
    public record Arg(long value, boolean isMessage) {
        public static Arg of(long v) {
            return new Arg(v, false);
        }
    }

    private final Entry entry;
    private final boolean bare;
    private final long number;
    private final List<Arg> args;
    private final byte[] message;
    /** For the vDSO, the vsyscall page and libc: the function called ({@code clock_gettime}, {@code write}, ...). */
    private final String function;

    private UserProgram(Entry entry, boolean bare, long number, List<Arg> args, byte[] message, String function) {
        if (args.size() > 6) {
            throw new IllegalArgumentException("a syscall takes at most six arguments");
        }
        this.entry = entry;
        this.bare = bare;
        this.number = number;
        this.args = List.copyOf(args);
        this.message = message == null ? null : message.clone();
        this.function = function;
    }

    private UserProgram(boolean bare, long number, List<Arg> args, byte[] message) {
        this(Entry.SYSCALL, bare, number, args, message, null);
    }

    /**
     * The same call made another way: {@code int $0x80} or from a 32-bit process, with the i386 number
     * and the same arguments (a message stays in the process's .rodata).
     */
    public static UserProgram via(Entry e, long nr, List<Arg> args, byte[] message) {
        if (!e.ia32Abi()) {
            throw new IllegalArgumentException(e + " does not take an i386 number");
        }
        if (e.compatProcess()) {
            if ((nr & 0xFFFF_FFFFL) != nr) {
                throw new IllegalArgumentException(String.format("a 32-bit process has 32-bit registers: the number 0x%x "
                        + "does not fit in EAX", nr));
            }
            for (Arg a : args) {
                if (!a.isMessage() && (a.value() & 0xFFFF_FFFFL) != a.value()) {
                    throw new IllegalArgumentException(String.format("a 32-bit process has 32-bit registers: 0x%x does "
                            + "not fit (use program int80 for a 64-bit program's int $0x80)", a.value()));
                }
            }
        }
        return new UserProgram(e, false, nr, args, message, null);
    }

    /** Only the entry instruction, every register as set: {@code int $0x80} from a 64-bit process. */
    public static UserProgram bareVia(Entry e) {
        return new UserProgram(e, true, 0, List.of(), null, null);
    }

    /** A call that is not a syscall instruction of the program's own: the vDSO, the vsyscall page, libc. */
    public static UserProgram calling(Entry e, String function, long number, List<Arg> args, byte[] message) {
        return new UserProgram(e, false, number, args, message, function);
    }

    public Entry entry() {
        return entry;
    }

    /** The function a vDSO, vsyscall or libc program calls; empty for a program with its own syscall instruction. */
    public java.util.Optional<String> function() {
        return java.util.Optional.ofNullable(function);
    }

    /** The seed's program: write(1, "hi\n", 3). */
    public static UserProgram seedWrite() {
        return write(1, testMessage(), 3);
    }

    /** write(fd, msg, count) with msg placed in .rodata at 0x47cfc4. */
    public static UserProgram write(long fd, byte[] msg, long count) {
        return new UserProgram(false, 1, List.of(Arg.of(fd), new Arg(Layout.USER_MSG, true), Arg.of(count)), msg);
    }

    /** The message the test program keeps in .rodata at msg, whatever call it makes (seed 001's example). */
    public static byte[] testMessage() {
        return "hi\n".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A syscall with chosen number and arguments, some of which may be msg's address, with the message
     * that .rodata holds there (null: none).
     */
    public static UserProgram syscall(long nr, List<Arg> args, byte[] message) {
        return new UserProgram(false, nr, args, message);
    }

    /** A syscall with chosen number and arguments (RDI, RSI, RDX, R10, R8, R9). */
    public static UserProgram syscall(long nr, long... args) {
        List<Arg> a = new ArrayList<>();
        for (long v : args) {
            a.add(Arg.of(v));
        }
        return new UserProgram(false, nr, a, null);
    }

    /** Only the syscall instruction. */
    public static UserProgram bare() {
        return new UserProgram(true, 0, List.of(), null);
    }

    public boolean isBare() {
        return bare;
    }

    public long number() {
        return number;
    }

    public List<Arg> args() {
        return args;
    }

    public byte[] message() {
        return message == null ? null : message.clone();
    }

    public boolean hasMessage() {
        return message != null;
    }

    /**
     * The prelude: one instruction per register the program loads. A 64-bit program loads RAX and the
     * 64-bit argument registers; an int $0x80 program EAX, EBX, ECX, EDX, ESI, EDI, EBP, with 32-bit
     * moves where the value fits (as a non-PIE program would) and movabs where it does not. The
     * vDSO, vsyscall and libc programs load C arguments themselves.
     */
    public List<Load> prelude() {
        List<Load> out = new ArrayList<>();
        if (bare || !(entry == Entry.SYSCALL || entry.ia32Abi())) {
            return out;
        }
        String[] regs = entry.ia32Abi() ? IA32_ARG_REGS : ARG_REGS;
        boolean narrow = entry.ia32Abi();
        out.add(Load.of("rax", number, narrow));
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            out.add(a.isMessage() ? Load.message(regs[i], messageAddress(), narrow) : Load.of(regs[i], a.value(), narrow));
        }
        return out;
    }

    /** Where the message lives: the 64-bit program's .rodata, or the 32-bit program's. */
    public long messageAddress() {
        return entry.compatProcess() ? I386Layout.MSG : Layout.USER_MSG;
    }

    /** Address of the first instruction: the prelude ends exactly at the syscall at 0x401b27. */
    public long start() {
        long len = 0;
        for (Load l : prelude()) {
            len += l.length();
        }
        return Layout.USER_SYSCALL_INSN - len;
    }

    /**
     * One register load of the prelude, with its encoding. {@code narrow} loads use the 32-bit {@code mov
     * $imm32, %e?x} when the value fits in 32 bits, zero-extending in 64-bit mode; the only form in a
     * 32-bit process.
     */
    public record Load(String register, long value, boolean message, boolean narrow) {
        static Load imm(String reg, long v) {
            return new Load(reg, v, false, false);
        }

        public static Load of(String reg, long v, boolean narrow) {
            return new Load(reg, v, false, narrow);
        }

        static Load message(String reg) {
            return new Load(reg, Layout.USER_MSG, true, false);
        }

        public static Load message(String reg, long address, boolean narrow) {
            return new Load(reg, address, true, narrow);
        }

        private boolean fitsImm32() {
            return value == (long) (int) value;
        }

        private boolean fitsU32() {
            return (value & 0xFFFF_FFFFL) == value;
        }

        private boolean short32() {
            return narrow && fitsU32();
        }

        /** mov $imm32, %e?x is 5 bytes; lea msg(%rip) and mov $imm32 (REX.W) are 7; movabs $imm64 is 10. */
        public int length() {
            if (short32()) {
                return 5;
            }
            return message || fitsImm32() ? 7 : 10;
        }

        public String text() {
            String v = value >= 0 && value < 10 ? Long.toString(value) : "0x" + Long.toHexString(value);
            if (short32()) {
                return "mov $" + (message ? "msg" : v) + ", %e" + register.substring(1);
            }
            if (message) {
                return "lea msg(%rip), %" + register;
            }
            return (fitsImm32() ? "mov $" : "movabs $") + v + ", %" + register;
        }

        /** The machine code, so the text region holds real bytes. */
        public byte[] encode(long address) {
            int r = regNumber(register);
            if (short32()) {
                return new byte[] {(byte) (0xb8 | (r & 7)), (byte) value, (byte) (value >> 8), (byte) (value >> 16),
                    (byte) (value >> 24)};
            }
            int rex = 0x48 | (r >= 8 ? 1 : 0);
            if (message) {
                long disp = value - (address + 7);
                int rexR = 0x48 | (r >= 8 ? 4 : 0);
                return new byte[] {(byte) rexR, (byte) 0x8d, (byte) (0x05 | ((r & 7) << 3)),
                    (byte) disp, (byte) (disp >> 8), (byte) (disp >> 16), (byte) (disp >> 24)};
            }
            if (fitsImm32()) {
                return new byte[] {(byte) rex, (byte) 0xc7, (byte) (0xc0 | (r & 7)),
                    (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)};
            }
            byte[] b = new byte[10];
            b[0] = (byte) rex;
            b[1] = (byte) (0xb8 | (r & 7));
            for (int i = 0; i < 8; i++) {
                b[2 + i] = (byte) (value >>> (8 * i));
            }
            return b;
        }
    }

    static int regNumber(String name) {
        List<String> order = Arrays.asList("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
        return order.indexOf(name);
    }

    /**
     * How the program reads in a listing, with the syscall's name in that version's table:
     * {@code write(1, msg, 3)}, {@code syscall(1000, 4, 0x47cfc4, 3)} for a number with no entry,
     * {@code bare syscall}.
     */
    public String describe(KernelVersion version) {
        if (this.entry != Entry.SYSCALL) {
            return describeOther();
        }
        if (bare) {
            return "bare syscall";
        }
        var entry = SyscallTable.of(version).entry(number);
        StringBuilder b = new StringBuilder();
        if (entry.isPresent()) {
            b.append(entry.get().name()).append('(');
        } else {
            b.append("syscall(").append(number).append(args.isEmpty() ? "" : ", ");
        }
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            b.append(i == 0 ? "" : ", ").append(a.isMessage() ? "msg" : number(a.value()));
        }
        return b.append(')').toString();
    }

    /** {@code int80 write(1, msg, 3)}, {@code ia32 getpid()}, {@code vdso clock_gettime(CLOCK_MONOTONIC, &ts)}. */
    private String describeOther() {
        String head = entry.word() + " ";
        if (bare) {
            return "bare " + entry.word();
        }
        if (function != null) {
            StringBuilder b = new StringBuilder(head).append(function).append('(');
            if (function.equals("syscall")) {
                b.append(number(number)).append(args.isEmpty() ? "" : ", ");
            }
            for (int i = 0; i < args.size(); i++) {
                Arg a = args.get(i);
                String shown = a.isMessage() ? "msg" : number(a.value());
                if (i == 0 && function.equals("clock_gettime")) {
                    shown = dev.sysstep.core.time.ClockId.byId(a.value()).map(dev.sysstep.core.time.ClockId::cName).orElse(shown);
                }
                b.append(i == 0 ? "" : ", ").append(shown);
            }
            return b.append(')').toString();
        }
        var e = dev.sysstep.core.syscall.I386Table.entry(number);
        StringBuilder b = new StringBuilder(head);
        if (e.isPresent()) {
            b.append(e.get().name()).append('(');
        } else {
            b.append("syscall(").append(number).append(args.isEmpty() ? "" : ", ");
        }
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            b.append(i == 0 ? "" : ", ").append(a.isMessage() ? "msg" : number(a.value()));
        }
        return b.append(')').toString();
    }

    private static String number(long v) {
        return v > -4096 && v < 4096 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserProgram p && p.entry == entry && p.bare == bare && p.number == number
                && p.args.equals(args) && Arrays.equals(p.message, message) && Objects.equals(p.function, function);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entry, bare, number, args, function) * 31 + Arrays.hashCode(message);
    }
}
