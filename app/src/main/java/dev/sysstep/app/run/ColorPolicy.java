package dev.sysstep.app.run;

import java.util.Locale;
import java.util.Map;

/**
 * Whether to colour output: {@code --color=always|never} wins; then NO_COLOR (set and non-empty)
 * turns colour off, CLICOLOR_FORCE (set and not "0") turns it on, TERM=dumb turns it off, and
 * otherwise colour is used only when the stream is a terminal.
 */
public final class ColorPolicy {
    /** The values of --color. */
    public enum Mode { AUTO, ALWAYS, NEVER;

        public static Mode parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "always", "yes", "force", "on" -> ALWAYS;
                case "never", "no", "none", "off" -> NEVER;
                default -> throw new IllegalArgumentException("--color must be auto, always or never (got '" + s + "')");
            };
        }
    }

    private ColorPolicy() {
    }

    public static boolean decide(Mode mode, Map<String, String> env, boolean isTerminal) {
        if (mode == Mode.ALWAYS) {
            return true;
        }
        if (mode == Mode.NEVER) {
            return false;
        }
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        String force = env.get("CLICOLOR_FORCE");
        if (force != null && !force.isEmpty() && !force.equals("0")) {
            return true;
        }
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        return isTerminal;
    }
}
