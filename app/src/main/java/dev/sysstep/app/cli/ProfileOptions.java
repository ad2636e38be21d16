package dev.sysstep.app.cli;

import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Switch;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.Entry;
import dev.sysstep.core.user.Examples;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The kernel profile and switches, shared by the root command and the subcommands. */
public final class ProfileOptions {
    @Option(names = "--kernel", paramLabel = "VERSION", completionCandidates = Versions.class,
            description = "Kernel profile: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String kernel = KernelConfig.defaults().version().label();

    @Option(names = "--kpti", negatable = true, fallbackValue = "true",
            description = "Page-table isolation (default: auto, on when the CPU is affected by Meltdown and the "
                    + "mitigations are on).")
    Boolean kpti;

    @Option(names = "--pcid", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Process-context identifiers (default: on).")
    boolean pcid;

    @Option(names = "--la57", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "5-level paging (default: off).")
    boolean la57;

    @Option(names = "--cpu", paramLabel = "VENDOR", description = "intel (default) or amd.")
    String cpu = "intel";

    @Option(names = "--mitigations", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "The CPU's speculation mitigations (default: on). --no-mitigations also turns KPTI off, "
                    + "as mitigations=off does, unless --kpti is given.")
    boolean mitigations;

    @Option(names = "--ibt", negatable = true, fallbackValue = "true",
            description = "endbr64 at entry points, CONFIG_X86_KERNEL_IBT (default: as the profile's build).")
    Boolean ibt;

    @Option(names = "--stackleak", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "STACKLEAK stack erasing on exit (default: off).")
    boolean stackleak;

    @Option(names = "--x32", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "The x32 ABI (default: off).")
    boolean x32;

    @Option(names = "--clocksource", paramLabel = "SOURCE",
            description = "What the timekeeper reads: tsc (default) or hpet, with which the vDSO falls back to a syscall.")
    String clocksource = "tsc";

    @Option(names = "--vdso-retry", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "The kernel updates the vDSO data once while a vDSO call reads it (default: off).")
    boolean vdsoRetry;

    @Option(names = "--way", paramLabel = "WAY", completionCandidates = Ways.class,
            description = "The way into the kernel of the example program: ${COMPLETION-CANDIDATES} (default: syscall, "
                    + "write(1, \"hi\\n\", 3)).")
    String way = "syscall";

    /** The ways in, as {@code --way} takes them. */
    static final class Ways implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Entry.values()).map(Entry::cliName).iterator();
        }
    }

    /** The kernel versions, as {@code --kernel} takes them: from the core, never by hand. */
    static final class Versions implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Switch.KERNEL.choices().iterator();
        }
    }

    /** A session on the chosen profile with the example program of the chosen way (the seed's write by default). */
    Session newSession(CommandLine cl) {
        return new Session(toConfig(cl), program(cl));
    }

    /** The example program of the chosen way in. */
    dev.sysstep.core.user.UserProgram program(CommandLine cl) {
        return Examples.of(entry(cl));
    }

    Entry entry(CommandLine cl) {
        return Entry.byCliName(way).orElseThrow(() -> new CommandLine.ParameterException(cl, "unknown way '" + way
                + "' (" + String.join(", ", new Ways()) + ")"));
    }

    /** The profile these options describe; an unknown version or vendor is a usage error. */
    KernelConfig toConfig(CommandLine cl) {
        KernelConfig c = KernelConfig.defaults();
        c = Switch.KERNEL.apply(c, kernel).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown kernel '" + kernel + "' (" + String.join(", ", Switch.KERNEL.choices()) + ")"));
        c = Switch.CPU.apply(c, cpu).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown cpu '" + cpu + "' (" + String.join(", ", Switch.CPU.choices()) + ")"));
        c = c.withPcid(pcid).withLa57(la57).withMitigations(mitigations).withStackleak(stackleak).withX32(x32);
        if (kpti != null) {
            c = c.withKpti(kpti);
        }
        if (ibt != null) {
            c = c.withIbt(KernelConfig.Choice.of(ibt));
        }
        c = Switch.CLOCKSOURCE.apply(c, clocksource).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown clocksource '" + clocksource + "' (" + String.join(", ", Switch.CLOCKSOURCE.choices()) + ")"));
        return c.withVdsoRetry(vdsoRetry);
    }
}
