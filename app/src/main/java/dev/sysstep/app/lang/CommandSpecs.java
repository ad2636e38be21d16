package dev.sysstep.app.lang;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every command: its name, aliases, usage line and help text, for help, completion and suggestions. */
public final class CommandSpecs {
    /** One command's documentation. */
    public record Spec(String name, List<String> aliases, String usage, String help) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    private static void add(String name, String aliases, String usage, String help) {
        List<String> a = aliases.isEmpty() ? List.of() : List.of(aliases.split(" "));
        SPECS.put(name, new Spec(name, a, usage, help));
        ALIASES.put(name, name);
        for (String s : a) {
            ALIASES.put(s, name);
        }
    }

    static {
        add("step", "s", "step [N]", "Run N phases (default 1) and show what each changed. Enter repeats it.");
        add("stepi", "si", "stepi [N]", "Run N machine instructions (a C phase counts as one).");
        add("next", "n", "next", "Run one phase, stepping over calls: at `call do_syscall_64` it runs the whole C part.");
        add("finish", "fin", "finish", "Run until the current C function returns to its caller.");
        add("continue", "c cont", "continue", "Run until a breakpoint, a changed watch, or the end of the path.");
        add("run", "r", "run", "Run to the end of the path, ignoring breakpoints and watches.");
        add("back", "b", "back [N]", "Go back N phases; the state is restored exactly.");
        add("backi", "", "backi [N]", "Go back N instructions.");
        add("goto", "", "goto PHASE|N", "Go to where a phase starts, or to step N (the state after N instructions).");
        add("reset", "", "reset", "Back to the start; forgets what ran, keeps what you set up before the first step.");
        add("break", "br", "break PHASE|GLOB", "Stop when a phase whose id matches is about to run, e.g. break exit.check.*");
        add("watch", "", "watch TARGET", "Stop when a register, MSR or pt_regs field changes, e.g. watch ptregs.ax");
        add("delete", "d", "delete [N]", "Delete breakpoint or watch N, or all of them.");
        add("info", "i", "info breakpoints|registers|program|config", "Show breakpoints and watches, registers, the program or the profile.");
        add("regs", "", "regs [all]", "Registers; `all` adds CR3, CR4 and the MSRs.");
        add("flags", "", "flags", "RFLAGS decoded: set flags in UPPER case, clear ones in lower case.");
        add("msr", "", "msr [NAME]", "The MSRs SYSCALL and SYSRET use, or one of them.");
        add("cr3", "", "cr3", "CR3 decoded: page-table base, user/kernel half, PCID.");
        add("stack", "", "stack [N]", "N 8-byte slots from RSP, with what each slot is.");
        add("ptregs", "", "ptregs", "struct pt_regs on the kernel stack, field by field.");
        add("x", "", "x/NFU ADDRESS", "Examine memory: N units, format x d u a c s, unit b h w g; e.g. x/8gx $rsp, x/s msg");
        add("bt", "backtrace", "bt", "The kernel call chain at this point, innermost first.");
        add("phases", "", "phases", "The whole path of this run, with a marker at the current step.");
        add("where", "", "where", "Where the run stands: step number, phase, CPL.");
        add("diff", "", "diff [A] [B]", "What changed between two steps (numbers or phase ids); default: the last step.");
        add("explain", "", "explain [PHASE]", "What a phase does and why, in a few sentences.");
        add("source", "", "source [PHASE|FILE]", "A phase's source reference and instructions, or run a script file.");
        add("fds", "", "fds", "The process's file descriptors.");
        add("terminal", "", "terminal [input \"TEXT\"]", "What the program wrote to /dev/pts/0; or give it input to read.");
        add("result", "", "result", "The syscall's result, strace style, and how it returned.");
        add("set", "", "set TARGET [=|op] VALUE", "Set a register, MSR, pt_regs field or memory word: set rbx 0x11, "
                + "set rflags |= TF, set ptregs.ip 0x800000000000, set *0x426ff8 = 5");
        add("program", "", "program write|read|getpid|exit_group|syscall|bare ...",
                "Choose the syscall the program makes: program write 1 \"hi\\n\" 3, program syscall 1000 4 0x47cfc4 3, "
                + "program bare");
        add("open", "", "open PATH rdonly|wronly|rdwr [as FD]", "Open a file in the process: /dev/null, /dev/pts/0, or a regular file.");
        add("pipe", "", "pipe READ_FD WRITE_FD", "Create a pipe: read end on READ_FD, write end on WRITE_FD.");
        add("mem", "", "mem ADDRESS \"BYTES\"", "Store bytes in user memory, mapping the page if needed.");
        add("config", "", "config [KEY VALUE]", "Show or change the profile: kernel 5.14|6.1|7.0, kpti, pcid, la57, "
                + "mitigations, stackleak, x32, ibrs, untrain_ret, bhi, verw on|off, cpu intel|amd. Restarts the run.");
        add("expect", "", "expect LHS OP RHS", "Check a value; a failure is reported and a script exits 1. "
                + "e.g. expect rcx == 0x401b29, expect ptregs.ax == -ENOSYS, expect phase == entry.swapgs, "
                + "expect terminal == \"hi\\n\", expect exit == sysret");
        add("echo", "", "echo TEXT", "Print text (scripts).");
        add("pause", "", "pause [TEXT]", "Wait for Enter when a script runs on a terminal.");
        add("help", "h ?", "help [COMMAND]", "This list, or one command's help.");
        add("quit", "q exit", "quit", "Leave sysstep (Ctrl-D too).");
    }

    private CommandSpecs() {
    }

    public static Collection<Spec> all() {
        return SPECS.values();
    }

    public static Optional<Spec> spec(String name) {
        return resolve(name).map(SPECS::get);
    }

    public static Optional<String> resolve(String word) {
        return Optional.ofNullable(ALIASES.get(word.toLowerCase(Locale.ROOT)));
    }

    public static List<String> namesAndAliases() {
        return new ArrayList<>(ALIASES.keySet());
    }

    public static Optional<String> suggest(String word) {
        return Optional.ofNullable(closest(word, SPECS.keySet()));
    }

    /** The candidate closest to {@code word} by edit distance, if it is close enough to be a typo. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(1, word.length() / 3) ? best : null;
    }

    /** Edit distance counting an adjacent transposition as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
