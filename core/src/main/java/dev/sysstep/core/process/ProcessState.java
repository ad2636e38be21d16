package dev.sysstep.core.process;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The simulated process, immutable: pid, fd table, the pipes and regular files it can reach, and
 * the terminal (what was written to /dev/pts/0, and input waiting to be read).
 */
public final class ProcessState {
    /** RLIMIT_NOFILE's usual soft limit: fds from 0 to 1023. */
    public static final int MAX_FDS = 1024;
    /** A pipe holds 16 pages by default (PIPE_DEF_BUFFERS). */
    public static final int PIPE_CAPACITY = 16 * 4096;

    private final int pid;
    private final Map<Integer, OpenFile> fds;
    private final Map<Integer, byte[]> pipes;
    private final Map<String, byte[]> files;
    private final byte[] terminalOutput;
    private final byte[] terminalInput;
    private final Integer exitStatus;

    private ProcessState(int pid, Map<Integer, OpenFile> fds, Map<Integer, byte[]> pipes, Map<String, byte[]> files,
                         byte[] terminalOutput, byte[] terminalInput, Integer exitStatus) {
        this.pid = pid;
        this.fds = fds;
        this.pipes = pipes;
        this.files = files;
        this.terminalOutput = terminalOutput;
        this.terminalInput = terminalInput;
        this.exitStatus = exitStatus;
    }

    /** A process with fds 0, 1 and 2 on the terminal. */
    public static ProcessState initial(int pid) {
        Map<Integer, OpenFile> fds = new TreeMap<>();
        fds.put(0, OpenFile.tty());
        fds.put(1, OpenFile.tty());
        fds.put(2, OpenFile.tty());
        return new ProcessState(pid, Collections.unmodifiableMap(fds), Map.of(), Map.of(), new byte[0], new byte[0], null);
    }

    public int pid() {
        return pid;
    }

    public Map<Integer, OpenFile> fds() {
        return fds;
    }

    public Optional<OpenFile> fd(long fd) {
        return fd < 0 || fd > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(fds.get((int) fd));
    }

    public int lowestFreeFd() {
        int fd = 0;
        while (fds.containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    public byte[] terminalOutput() {
        return terminalOutput.clone();
    }

    public int terminalOutputLength() {
        return terminalOutput.length;
    }

    public byte[] terminalInput() {
        return terminalInput.clone();
    }

    public byte[] pipe(int id) {
        byte[] p = pipes.get(id);
        return p == null ? new byte[0] : p.clone();
    }

    public Map<Integer, byte[]> pipes() {
        return pipes;
    }

    public byte[] file(String path) {
        byte[] f = files.get(path);
        return f == null ? new byte[0] : f.clone();
    }

    public Map<String, byte[]> files() {
        return files;
    }

    public Optional<Integer> exitStatus() {
        return Optional.ofNullable(exitStatus);
    }

    public ProcessState withFd(int fd, OpenFile f) {
        Map<Integer, OpenFile> m = new TreeMap<>(fds);
        m.put(fd, f);
        return new ProcessState(pid, Collections.unmodifiableMap(m), pipes, files, terminalOutput, terminalInput, exitStatus);
    }

    public ProcessState withPipe(int id, byte[] contents) {
        Map<Integer, byte[]> m = new TreeMap<>(pipes);
        m.put(id, contents.clone());
        return new ProcessState(pid, fds, Collections.unmodifiableMap(m), files, terminalOutput, terminalInput, exitStatus);
    }

    public ProcessState withFile(String path, byte[] contents) {
        Map<String, byte[]> m = new TreeMap<>(files);
        m.put(path, contents.clone());
        return new ProcessState(pid, fds, pipes, Collections.unmodifiableMap(m), terminalOutput, terminalInput, exitStatus);
    }

    public ProcessState withTerminalOutput(byte[] appended) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(terminalOutput);
        b.writeBytes(appended);
        return new ProcessState(pid, fds, pipes, files, b.toByteArray(), terminalInput, exitStatus);
    }

    public ProcessState withTerminalInput(byte[] input) {
        return new ProcessState(pid, fds, pipes, files, terminalOutput, input.clone(), exitStatus);
    }

    public ProcessState withPid(int newPid) {
        return new ProcessState(newPid, fds, pipes, files, terminalOutput, terminalInput, exitStatus);
    }

    public ProcessState exited(int status) {
        return new ProcessState(pid, fds, pipes, files, terminalOutput, terminalInput, status);
    }

    /** A fresh pipe id. */
    public int nextPipeId() {
        int id = 1;
        while (pipes.containsKey(id)) {
            id++;
        }
        return id;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProcessState p)) {
            return false;
        }
        if (p.pid != pid || !p.fds.equals(fds) || !Arrays.equals(p.terminalOutput, terminalOutput)
                || !Arrays.equals(p.terminalInput, terminalInput) || !java.util.Objects.equals(p.exitStatus, exitStatus)
                || !p.pipes.keySet().equals(pipes.keySet()) || !p.files.keySet().equals(files.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, byte[]> e : pipes.entrySet()) {
            if (!Arrays.equals(e.getValue(), p.pipes.get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!Arrays.equals(e.getValue(), p.files.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return pid * 31 + fds.hashCode() + Arrays.hashCode(terminalOutput);
    }
}
