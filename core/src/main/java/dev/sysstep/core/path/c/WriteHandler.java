package dev.sysstep.core.path.c;

import dev.sysstep.core.code.Asm;
import dev.sysstep.core.code.Local;
import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.kernel.Errno;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.Limits;
import dev.sysstep.core.process.OpenFile;
import dev.sysstep.core.process.ProcessState;
import dev.sysstep.core.path.Src;
import java.util.Arrays;
import java.util.Optional;

/** sys_write down to the file: the argument unpacking, ksys_write, vfs_write's checks in order, and the drivers (reference §6). */
final class WriteHandler extends CPhases {
    private WriteHandler(Asm a, KernelConfig c, CallPath path) {
        super(a, c, path);
    }

    static void emit(Asm a, KernelConfig c, CallPath path) {
        new WriteHandler(a, c, path).emit();
    }

    private void emit() {
        java.util.List<String> lines = v.sources().readWriteLines();
        String rw = "fs/read_write.c";
        phase("c." + path.stub("write"), path.stub("write") + ": unpack the arguments from pt_regs",
                Src.c(v, rw, "SYSCALL_DEFINE3(write)", lines.get(3)),
                stubUnpacking("The stub SYSCALL_DEFINE3 generates reads di, si and dx from pt_regs, not from registers, "
                + "and casts each to its declared type: fd becomes an unsigned int, so only its low 32 bits count, buf a "
                + "user pointer and count a size_t."),
                path.handler(path.stub("write")), "return ksys_write(fd, buf, count);",
                x -> unpack(x, "write"));

        phase("c.ksys_write", "ksys_write: find the file behind fd",
                Src.c(v, rw, "ksys_write", lines.get(2)),
                "fdget_pos() looks fd up in the task's file table and rejects O_PATH files; no file means -EBADF. "
                + "For a file that is not a stream the position is copied so vfs_write can advance it.",
                path.handler("ksys_write", path.stub("write")), "struct fd f = fdget_pos(fd); if (!f.file) return -EBADF;", x -> {
                    long fd = x.local(Local.FD);
                    Optional<OpenFile> f = x.process().fd(fd);
                    if (f.isEmpty()) {
                        fail(x, "ksys_write.fdget_pos", () -> "fd " + fd + " is not open", Errno.EBADF);
                        return;
                    }
                    OpenFile file = f.get();
                    x.check("ksys_write.fdget_pos", true, () -> "fd " + fd + " -> " + file.path() + " (" + file.modeName() + ")",
                            "returns -EBADF");
                });

        phase("c.vfs_write", "vfs_write: the checks, in the kernel's order",
                Src.c(v, rw, "vfs_write", lines.get(1)),
                "In order: the file must be open for writing (-EBADF), must have a write method (-EINVAL), and "
                + "[buf, buf + count) must lie in user space (access_ok, -EFAULT; it does not check that the pages "
                + "exist). rw_verify_area() then checks the count and position, and count is clamped to MAX_RW_COUNT "
                + "(0x7FFFF000) before the file's write method runs.",
                path.handler("vfs_write", "ksys_write", path.stub("write")),
                "ret = vfs_write(f.file, buf, count, ppos);", x -> {
                    OpenFile f = file(x);
                    long buf = x.local(Local.BUF);
                    long count = x.local(Local.COUNT);
                    if (!f.writable()) {
                        fail(x, "vfs_write.FMODE_WRITE", () -> f.path() + " is open " + f.modeName(), Errno.EBADF);
                        return;
                    }
                    x.check("vfs_write.FMODE_WRITE", true, () -> f.path() + " is open " + f.modeName(), "returns -EBADF");
                    x.check("vfs_write.FMODE_CAN_WRITE", true, () -> f.kind().label() + " has a write method",
                            "returns -EINVAL");
                    if (!accessOk(x, buf, count)) {
                        x.setLocal(Local.RET, -(long) Errno.EFAULT);
                        x.note("returns -EFAULT before anything is written");
                        x.jump(path.afterHandler());
                        return;
                    }
                    if (count < 0) {
                        fail(x, "rw_verify_area", () -> "(ssize_t)count < 0", Errno.EINVAL);
                        return;
                    }
                    x.check("rw_verify_area", true, () -> f.isStream() ? "stream: no position to check; LSM allows"
                            : "pos " + f.position() + " + count does not overflow; LSM allows", "returns -EINVAL");
                    if (Long.compareUnsigned(count, Limits.MAX_RW_COUNT) > 0) {
                        long asked = count;
                        x.note(() -> "count " + hex(asked) + " clamped to MAX_RW_COUNT 0x7ffff000");
                        count = Limits.MAX_RW_COUNT;
                        x.setLocal(Local.COUNT, count);
                    }
                    x.jump(switch (f.kind()) {
                        case TTY -> "c.tty_write";
                        case NULL -> "c.write_null";
                        case PIPE_WRITE, PIPE_READ -> "c.pipe_write";
                        case REGULAR -> "c.ext4_file_write_iter";
                    });
                });

        phase("c.tty_write", "tty_write: copy to the terminal",
                Src.c(v, "drivers/tty/tty_io.c", "tty_write / iterate_tty_write", ""),
                "The tty has only ->write_iter, so vfs_write goes through new_sync_write. The bytes are copied from "
                + "user memory in chunks and handed to the line discipline, which puts them on the terminal. If "
                + "nothing can be copied the result is -EFAULT, otherwise the count copied; the chunking and the "
                + "count == 0 result are UNCONFIRMED: they are what the kernel sources suggest, not verified on a real kernel.",
                path.handler("tty_write", "new_sync_write", "vfs_write", "ksys_write", path.stub("write")),
                "ret = file->f_op->write_iter(&kiocb, &iter);  /* tty_write */", x -> {
                    long buf = x.local(Local.BUF);
                    long count = x.local(Local.COUNT);
                    long readable = x.memory().mappedPrefix(buf, count, true);
                    long chunk = 2048;
                    long copied = readable >= count ? count : (readable / chunk) * chunk;
                    if (count == 0) {
                        x.setLocal(Local.RET, 0L);
                        x.note("count = 0: nothing to write");
                    } else if (copied == 0) {
                        x.setLocal(Local.RET, -(long) Errno.EFAULT);
                        x.note(() -> "copy_from_user faults at " + hex(buf + readable) + ": nothing written, -EFAULT");
                    } else {
                        byte[] data = x.memory().read(buf, (int) copied);
                        x.setProcess(x.process().withTerminalOutput(data));
                        x.setLocal(Local.RET, copied);
                        x.note(() -> copied + " bytes copied from user memory to the terminal"
                                + (copied < count ? "; the copy stopped at unmapped memory, a short write" : ""));
                    }
                    x.jump(path.afterHandler());
                });

        phase("c.write_null", "write_null: /dev/null",
                Src.c(v, "drivers/char/mem.c", "write_null", ""),
                "/dev/null has a plain ->write, which vfs_write prefers. write_null returns count and never touches "
                + "the buffer, so even an unmapped buffer succeeds once access_ok has passed.",
                path.handler("write_null", "vfs_write", "ksys_write", path.stub("write")),
                "return count;  /* write_null */", x -> {
                    x.setLocal(Local.RET, x.local(Local.COUNT));
                    x.note("returns count without reading the buffer");
                    x.jump(path.afterHandler());
                });

        String pipeWrite = v.anonPipeMethods() ? "anon_pipe_write" : "pipe_write";
        phase("c.pipe_write", pipeWrite + ": into the pipe", Src.c(v, "fs/pipe.c", pipeWrite, ""),
                "The bytes are copied from user memory into the pipe's buffer pages. A count of 0 returns 0 at once; "
                + "if nothing can be copied the result is -EFAULT, otherwise the number of bytes copied. A full pipe would put the writer to sleep, which is not simulated.",
                path.handler(pipeWrite, "new_sync_write", "vfs_write", "ksys_write", path.stub("write")),
                "ret = file->f_op->write_iter(&kiocb, &iter);  /* pipe_write */", x -> {
                    OpenFile f = file(x);
                    long buf = x.local(Local.BUF);
                    long count = x.local(Local.COUNT);
                    if (count == 0) {
                        x.setLocal(Local.RET, 0L);
                        x.note("total_len == 0: returns 0");
                        x.jump(path.afterHandler());
                        return;
                    }
                    long n = x.memory().mappedPrefix(buf, count, true);
                    byte[] old = x.process().pipe(f.pipeId());
                    if (n > ProcessState.PIPE_CAPACITY - old.length) {
                        x.fault(Outcome.Kind.NOT_SIMULATED, "the pipe would fill up: the writer sleeps until a reader "
                                + "drains it, which is not simulated");
                    }
                    if (n == 0) {
                        x.setLocal(Local.RET, -(long) Errno.EFAULT);
                        x.note("nothing could be copied: -EFAULT");
                    } else {
                        byte[] data = x.memory().read(buf, (int) n);
                        byte[] joined = Arrays.copyOf(old, old.length + data.length);
                        System.arraycopy(data, 0, joined, old.length, data.length);
                        x.setProcess(x.process().withPipe(f.pipeId(), joined));
                        x.setLocal(Local.RET, n);
                        x.note(() -> n + " bytes into pipe " + f.pipeId() + (n < count ? " (short: the copy hit unmapped memory)" : ""));
                    }
                    x.jump(path.afterHandler());
                });

        phase("c.ext4_file_write_iter", "ext4_file_write_iter: into a regular file",
                Src.c(v, "fs/ext4/file.c", "ext4_file_write_iter", ""),
                "The data is copied into the page cache at the file position, and ksys_write stores the advanced "
                + "position back. A copy that faults stops early: the short count is returned, or -EFAULT when "
                + "nothing was copied; for regular files these details are UNCONFIRMED (not verified on a real kernel).",
                path.handler("ext4_file_write_iter", "new_sync_write", "vfs_write", "ksys_write",
                        path.stub("write")),
                "ret = file->f_op->write_iter(&kiocb, &iter);  /* ext4 */", x -> {
                    OpenFile f = file(x);
                    long buf = x.local(Local.BUF);
                    long count = x.local(Local.COUNT);
                    long n = x.memory().mappedPrefix(buf, count, true);
                    if (count > 0 && n == 0) {
                        x.setLocal(Local.RET, -(long) Errno.EFAULT);
                        x.note("nothing could be copied: -EFAULT");
                    } else {
                        byte[] data = x.memory().read(buf, (int) Math.min(n, 1 << 20));
                        byte[] old = x.process().file(f.path());
                        int pos = (int) f.position();
                        byte[] next = Arrays.copyOf(old, Math.max(old.length, pos + data.length));
                        System.arraycopy(data, 0, next, pos, data.length);
                        ProcessState p = x.process().withFile(f.path(), next)
                                .withFd(x.local(Local.FD).intValue(), f.atPosition(pos + data.length));
                        x.setProcess(p);
                        x.setLocal(Local.RET, (long) data.length);
                        x.note(() -> data.length + " bytes at offset " + pos + "; f_pos becomes " + (pos + data.length));
                    }
                    x.jump(path.afterHandler());
                });
    }
}
