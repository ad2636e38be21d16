package dev.sysstep.core.session;

/** A request the session cannot honour, with a message written for the user (no stack trace needed). */
public final class SysstepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SysstepException(String message) {
        super(message, null, false, false);
    }
}
