package dev.sysstep.app.lang;

import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelVersion;
import java.util.List;

/** The keys of {@code config} and the values each takes. */
public final class ConfigKeys {
    public static final List<String> KEYS = List.of("kernel", "kpti", "pcid", "la57", "cpu", "mitigations",
            "stackleak", "x32", "ibrs", "untrain_ret", "bhi", "verw");
    public static final List<String> SWITCH_VALUES = List.of("on", "off");

    private ConfigKeys() {
    }

    public static List<String> values(String key) {
        return switch (key) {
            case "kernel" -> List.of("5.14", "6.1", "7.0");
            case "cpu" -> List.of("intel", "amd");
            default -> SWITCH_VALUES;
        };
    }

    static void validate(String key, String value) throws ParseException {
        switch (key) {
            case "kernel" -> {
                if (KernelVersion.byLabel(value).isEmpty()) {
                    throw new ParseException("config kernel: unknown version '" + value + "' (5.14, 6.1, 7.0)");
                }
            }
            case "cpu" -> {
                if (Vendor.byName(value).isEmpty()) {
                    throw new ParseException("config cpu: unknown vendor '" + value + "' (intel, amd)");
                }
            }
            default -> {
                if (!SWITCH_VALUES.contains(value)) {
                    throw new ParseException("config " + key + ": expected on or off (got '" + value + "')");
                }
            }
        }
    }
}
