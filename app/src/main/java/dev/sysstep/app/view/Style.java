package dev.sysstep.app.view;

/** What a piece of text is, so the renderer can colour it; nothing here knows about kernels. */
public enum Style {
    PLAIN, HEADER, TITLE, DIM, CODE, ADDRESS, CHANGED, OLD, NEW, PUSHED, POPPED, PASS, FAIL, NOTE, ERROR, WARNING,
    RESULT, LABEL, CURRENT, UNKNOWN
}
