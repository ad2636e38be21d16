package dev.sysstep.app.cli;

import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;
import java.util.EnumSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The kernel profile and switches, shared by the root command and the subcommands. */
public final class ProfileOptions {
    @Option(names = "--kernel", paramLabel = "VERSION", description = "Kernel profile: 5.14, 6.1 (default) or 7.0.")
    String kernel = "6.1";

    @Option(names = "--kpti", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Page-table isolation (default: on).")
    boolean kpti;

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

    @Option(names = "--stackleak", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "STACKLEAK stack erasing on exit (default: off).")
    boolean stackleak;

    @Option(names = "--x32", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "The x32 ABI (default: off).")
    boolean x32;

    /** A session on the chosen profile with the default program, the seed's write(1, "hi\n", 3). */
    Session newSession(CommandLine cl) {
        return new Session(toConfig(cl, cl.getParseResult()), UserProgram.seedWrite());
    }

    /** The profile these options describe; an unknown version or vendor is a usage error. */
    KernelConfig toConfig(CommandLine cl, CommandLine.ParseResult pr) {
        KernelVersion v = KernelVersion.byLabel(kernel).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown kernel '" + kernel + "' (5.14, 6.1, 7.0)"));
        Vendor vendor = Vendor.byName(cpu).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "unknown cpu '" + cpu + "' (intel, amd)"));
        boolean kptiOn = kpti;
        if (!mitigations && (pr == null || !pr.hasMatchedOption("--kpti"))) {
            kptiOn = false;
        }
        return new KernelConfig(v, kptiOn, pcid, la57, vendor,
                mitigations ? KernelConfig.defaultMitigations(vendor) : EnumSet.noneOf(Mitigation.class), stackleak, x32);
    }
}
