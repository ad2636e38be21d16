package dev.sysstep.app.lang;

/** A command line that does not parse; the message names what was wrong. */
public final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ParseException(String message) {
        super(message, null, false, false);
    }
}
