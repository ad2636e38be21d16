package dev.sysstep.core.code;

/** Where a phase lives: file, symbol, kernel release, and lines where the reference names them. */
public record SourceRef(String file, String symbol, String version, String lines) {
    public static SourceRef of(String file, String symbol, String version) {
        return new SourceRef(file, symbol, version, "");
    }

    @Override
    public String toString() {
        String where = file.isEmpty() ? symbol : file + ": " + symbol;
        if (version.isEmpty()) {
            return where;
        }
        String l = lines.isEmpty() ? "" : (lines.contains("-") ? ", lines " : ", line ") + lines;
        return where + " (" + version + l + ")";
    }
}
