package dev.sysstep.app.view;

/** Number formatting shared by the views; unknown bits show as '?'. */
public final class Hex {
    private Hex() {
    }

    /** 0x + 16 hex digits, with '?' for nibbles that contain undefined bits. */
    public static String q(long value, long undefined) {
        StringBuilder b = new StringBuilder("0x");
        for (int i = 15; i >= 0; i--) {
            long nibble = (undefined >>> (i * 4)) & 0xF;
            b.append(nibble != 0 ? '?' : Character.forDigit((int) ((value >>> (i * 4)) & 0xF), 16));
        }
        return b.toString();
    }

    public static String q(long value) {
        return q(value, 0);
    }

    public static String x(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Short form unless there are unknown bits. */
    public static String x(long value, long undefined) {
        return undefined == 0 ? x(value) : q(value, undefined);
    }
}
