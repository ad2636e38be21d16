package dev.sysstep.app.lang;

import dev.sysstep.core.session.Session;
import dev.sysstep.core.user.UserProgram;

/** A parsed command of the sysstep language. */
public sealed interface Command {

    /** Motion commands; {@code count} is 1 when not given. */
    record Move(Kind kind, int count) implements Command {
        /** The kinds of motion. */
        public enum Kind { STEP, STEPI, NEXT, FINISH, CONTINUE, RUN, BACK, BACKI, RESET }
    }

    /** {@code goto PHASE|N}. */
    record Goto(String target) implements Command {
    }

    record Break(String glob) implements Command {
    }

    record Watch(String target) implements Command {
    }

    /** {@code delete [N]}: null deletes all. */
    record Delete(Integer id) implements Command {
    }

    /** A view of the state: regs, flags, msr, cr3, stack, ptregs, bt, phases, where, fds, terminal, ... */
    record Show(View view, String arg) implements Command {
        /** The views. */
        public enum View { REGS, FLAGS, MSR, CR3, STACK, PTREGS, BT, PHASES, WHERE, FDS, TERMINAL, EXPLAIN, CONFIG,
            BREAKPOINTS, PROGRAM, RESULT }
    }

    /** {@code source [phase|file]}: a phase's source, or a script to run; decided at run time. */
    record Source(String arg) implements Command {
    }

    /** {@code x/NFU address}: count, format letter, unit size in bytes. */
    record Examine(int count, char format, int size, String address) implements Command {
    }

    record Diff(String from, String to) implements Command {
    }

    /** {@code set TARGET [op] EXPR}; op is "=", "|=", "&=" or "^=". */
    record Set(String target, String op, String expr) implements Command {
    }

    record Program(UserProgram program) implements Command {
    }

    record ShowProgram() implements Command {
    }

    record Open(String path, Session.OpenMode mode, Integer fd) implements Command {
    }

    record Pipe(int readFd, int writeFd) implements Command {
    }

    record Mem(String address, byte[] data) implements Command {
        public Mem {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    record TerminalInput(byte[] data) implements Command {
        public TerminalInput {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** {@code config KEY VALUE}. */
    record Config(String key, String value) implements Command {
    }

    /** {@code expect LHS OP RHS}; {@code text} is the expression as written. */
    record Expect(String lhs, String op, String rhs, String text) implements Command {
    }

    record Echo(String text) implements Command {
    }

    record Pause(String message) implements Command {
    }

    record Help(String topic) implements Command {
    }

    record Quit() implements Command {
    }
}
