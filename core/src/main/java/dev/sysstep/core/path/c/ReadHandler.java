package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Exec;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.path.Src;
import java.util.Arrays;
import java.util.Optional;

/** sys_read down to the file: ksys_read, vfs_read's checks and the drivers, the mirror of {@link WriteHandler}. */
final class ReadHandler extends CPhases {
    private ReadHandler(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    static void emit(Asm a, KernelConfig c, CallPath path) {
        new ReadHandler(a, c, path).emit();
    }

    private void emit() {
        String rw = "fs/read_write.c";
        phase("c." + path.stub("read"), path.stub("read") + ": unpack the arguments from pt_regs",
                Src.c(v, rw, "SYSCALL_DEFINE3(read)", ""),
                stubUnpacking("Like write: fd, buf and count are read from pt_regs and cast to unsigned int, user pointer "
                + "and size_t."),
                path.handler(path.stub("read")), "return ksys_read(fd, buf, count);",
                x -> unpack(x, "read"));

        phase("c.ksys_read", "ksys_read: find the file behind fd", Src.c(v, rw, "ksys_read", ""),
                "fdget_pos() finds the file; no file means -EBADF.",
                path.handler("ksys_read", path.stub("read")), "struct fd f = fdget_pos(fd); if (!f.file) return -EBADF;", x -> {
                    long fd = x.local(Local.FD);
                    Optional<OpenFile> f = x.process().fd(fd);
                    if (f.isEmpty()) {
                        fail(x, "ksys_read.fdget_pos", () -> "fd " + fd + " is not open", Errno.EBADF);
                        return;
                    }
                    OpenFile file = f.get();
                    x.check("ksys_read.fdget_pos", true, () -> "fd " + fd + " -> " + file.path() + " (" + file.modeName() + ")",
                            "returns -EBADF");
                });

        phase("c.vfs_read", "vfs_read: the checks, in the kernel's order", Src.c(v, rw, "vfs_read", ""),
                "The mirror of vfs_write: FMODE_READ (-EBADF), a read method (-EINVAL), access_ok (-EFAULT), "
                + "rw_verify_area, and the MAX_RW_COUNT clamp, then the file's read method.",
                path.handler("vfs_read", "ksys_read", path.stub("read")),
                "ret = vfs_read(f.file, buf, count, ppos);", x -> {
                    OpenFile f = file(x);
                    long buf = x.local(Local.BUF);
                    long count = x.local(Local.COUNT);
                    if (!f.readable()) {
                        fail(x, "vfs_read.FMODE_READ", () -> f.path() + " is open " + f.modeName(), Errno.EBADF);
                        return;
                    }
                    x.check("vfs_read.FMODE_READ", true, () -> f.path() + " is open " + f.modeName(), "returns -EBADF");
                    x.check("vfs_read.FMODE_CAN_READ", true, () -> f.kind().label() + " has a read method",
                            "returns -EINVAL");
                    if (!accessOk(x, buf, count)) {
                        x.setLocal(Local.RET, -(long) Errno.EFAULT);
                        x.jump(path.afterHandler());
                        return;
                    }
                    x.check("rw_verify_area", true, () -> "count and position are valid; LSM allows", "returns -EINVAL");
                    if (Long.compareUnsigned(count, Limits.MAX_RW_COUNT) > 0) {
                        x.setLocal(Local.COUNT, Limits.MAX_RW_COUNT);
                        x.note("count clamped to MAX_RW_COUNT 0x7ffff000");
                    }
                    x.jump(switch (f.kind()) {
                        case TTY -> "c.tty_read";
                        case NULL -> "c.read_null";
                        case PIPE_READ, PIPE_WRITE -> "c.pipe_read";
                        case REGULAR -> "c.ext4_file_read_iter";
                    });
                });

        phase("c.tty_read", "tty_read: a line from the terminal", Src.c(v, "drivers/tty/tty_io.c", "tty_read / n_tty_read", ""),
                "In canonical mode the line discipline hands over at most one line, up to and including the "
                + "newline. With no complete line typed yet the reader sleeps, which is not simulated: give the "
                + "terminal input first.",
                path.handler("tty_read", "vfs_read", "ksys_read", path.stub("read")),
                "ret = file->f_op->read_iter(&kiocb, &iter);  /* tty_read */", x -> {
                    byte[] input = x.process().terminalInput();
                    int nl = -1;
                    for (int i = 0; i < input.length; i++) {
                        if (input[i] == '\n') {
                            nl = i;
                            break;
                        }
                    }
                    if (nl < 0) {
                        x.fault(Outcome.Kind.NOT_SIMULATED, "no complete line is waiting on the terminal: the reader "
                                + "would sleep (not simulated); add input with `terminal input \"…\\n\"`");
                    }
                    int n = (int) Math.min(x.local(Local.COUNT), nl + 1L);
                    copyOut(x, Arrays.copyOf(input, n), () ->
                            x.setProcess(x.process().withTerminalInput(Arrays.copyOfRange(input, n, input.length))));
                });

        phase("c.read_null", "read_null: /dev/null", Src.c(v, "drivers/char/mem.c", "read_null", ""),
                "Reading /dev/null always returns 0, end of file, and never touches the buffer.",
                path.handler("read_null", "vfs_read", "ksys_read", path.stub("read")), "return 0;", x -> {
                    x.setLocal(Local.RET, 0L);
                    x.jump(path.afterHandler());
                });

        String pipeRead = v.anonPipeMethods() ? "anon_pipe_read" : "pipe_read";
        phase("c.pipe_read", pipeRead + ": from the pipe", Src.c(v, "fs/pipe.c", pipeRead, ""),
                "Bytes come out of the pipe's buffer in order. An empty pipe with a writer still open puts the reader "
                + "to sleep, which is not simulated.",
                path.handler(pipeRead, "vfs_read", "ksys_read", path.stub("read")),
                "ret = file->f_op->read_iter(&kiocb, &iter);  /* pipe_read */", x -> {
                    OpenFile f = file(x);
                    byte[] data = x.process().pipe(f.pipeId());
                    if (data.length == 0) {
                        x.fault(Outcome.Kind.NOT_SIMULATED, "the pipe is empty and its write end is open: the reader "
                                + "would sleep (not simulated)");
                    }
                    int n = (int) Math.min(x.local(Local.COUNT), data.length);
                    copyOut(x, Arrays.copyOf(data, n), () -> x.setProcess(x.process().withPipe(f.pipeId(),
                            Arrays.copyOfRange(data, n, data.length))));
                });

        phase("c.ext4_file_read_iter", "ext4_file_read_iter: from a regular file",
                Src.c(v, "fs/ext4/file.c", "ext4_file_read_iter", ""),
                "Bytes from the file position to the end of the file (at most count) are copied out and the position "
                + "advances.",
                path.handler("ext4_file_read_iter", "vfs_read", "ksys_read", path.stub("read")),
                "ret = file->f_op->read_iter(&kiocb, &iter);  /* ext4 */", x -> {
                    OpenFile f = file(x);
                    byte[] content = x.process().file(f.path());
                    int pos = (int) Math.min(f.position(), content.length);
                    int n = (int) Math.min(x.local(Local.COUNT), content.length - pos);
                    copyOut(x, Arrays.copyOfRange(content, pos, pos + n), () -> x.setProcess(
                            x.process().withFd(x.local(Local.FD).intValue(), f.atPosition(pos + x.local(Local.COPIED)))));
                });
    }

    /** copy_to_user of {@code data} into the user buffer; a copy that faults returns a short count or -EFAULT. */
    private void copyOut(Exec x, byte[] data, Runnable consume) {
        long buf = x.local(Local.BUF);
        long writable = writablePrefix(x, buf, data.length);
        int n = (int) Math.min(writable, data.length);
        if (data.length > 0 && n == 0) {
            x.setLocal(Local.RET, -(long) Errno.EFAULT);
            x.note(() -> "copy_to_user faults at " + hex(buf) + ": -EFAULT (UNCONFIRMED for this file type: not verified on a real kernel)");
            x.jump(path.afterHandler());
            return;
        }
        if (n > 0) {
            x.storeBytes(buf, Arrays.copyOf(data, n), "read buffer");
        }
        x.setLocal(Local.COPIED, (long) n);
        consume.run();
        x.setLocal(Local.RET, (long) n);
        x.setLocal(Local.READ_DATA, Arrays.copyOf(data, n));
        x.note(() -> n + " bytes copied to user memory at " + hex(buf));
        x.jump(path.afterHandler());
    }

    private static long writablePrefix(Exec x, long address, long max) {
        long n = 0;
        while (n < max) {
            Optional<dev.sysstep.core.memory.Region> r = x.memory().regionAt(address + n);
            if (r.isEmpty() || !r.get().user() || !r.get().writable()) {
                return n;
            }
            n += r.get().end() - (address + n);
        }
        return max;
    }
}
