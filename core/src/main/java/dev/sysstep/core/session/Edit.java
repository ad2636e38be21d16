package dev.sysstep.core.session;

import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.PtRegs;
import java.util.Arrays;

/**
 * A change the user made to the machine, as a tracer or a debugger would make it. Edits made before
 * the first step are the setup of the scenario: they survive {@code reset}, a new program and a new
 * profile, and {@code info setup} lists them.
 */
public sealed interface Edit {

    /** How the edit reads in a listing: what was typed when the user gave it, or its effect. */
    String describe();

    /** An edit made after the first step, at step {@code step}: in force until the run restarts. */
    record MadeAt(int step, Edit edit) {
    }

    /** A register or MSR set to a value; {@code typed} is what the user wrote, when known. */
    record Register(Reg reg, long value, String typed) implements Edit {
        @Override
        public String describe() {
            return typed != null ? typed : reg.label() + " = 0x" + Long.toHexString(value);
        }
    }

    /** A pt_regs field written in kernel memory. */
    record PtRegsField(PtRegs.Field field, long value, boolean forced, String typed) implements Edit {
        @Override
        public String describe() {
            return typed != null ? typed : "ptregs." + field.name() + " = 0x" + Long.toHexString(value);
        }
    }

    /** Bytes stored in user memory (a page mapped if needed). */
    record Memory(long address, byte[] data, String typed) implements Edit {
        public Memory {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String describe() {
            return typed != null ? typed : data.length + " bytes at 0x" + Long.toHexString(address);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Memory m && m.address == address && Arrays.equals(m.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(address) * 31 + Arrays.hashCode(data);
        }
    }

    /** A file opened in the process. */
    record Open(String path, Session.OpenMode mode, int fd) implements Edit {
        @Override
        public String describe() {
            return "open " + path + " " + mode.name().toLowerCase(java.util.Locale.ROOT) + " as " + fd;
        }
    }

    /** A pipe with its read and write ends. */
    record Pipe(int readFd, int writeFd) implements Edit {
        @Override
        public String describe() {
            return "pipe " + readFd + " " + writeFd;
        }
    }

    /** Bytes typed on the simulated terminal. */
    record TerminalInput(byte[] input) implements Edit {
        public TerminalInput {
            input = input.clone();
        }

        @Override
        public byte[] input() {
            return input.clone();
        }

        @Override
        public String describe() {
            return "terminal input (" + input.length + " bytes)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TerminalInput t && Arrays.equals(t.input, input);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(input);
        }
    }
}
