package dev.sysstep.core.code;

/** What one instruction (or one C phase) does to the machine. */
@FunctionalInterface
public interface Effect {
    void apply(Exec x);
}
