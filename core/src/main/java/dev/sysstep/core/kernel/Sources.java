package dev.sysstep.core.kernel;

import java.util.List;

/**
 * Where a profile's code lives in its source tree: files and line ranges the phases cite. An empty
 * line range means the reference does not give one for that release.
 *
 * @param entryLines entry_SYSCALL_64 in arch/x86/entry/entry_64.S
 * @param doSyscall64File the file holding do_syscall_64
 * @param doSyscall64Lines do_syscall_64's lines in that file
 * @param enterFromUserModeFile where syscall_enter_from_user_mode is defined
 * @param exitToUserModeFile where syscall_exit_to_user_mode is defined
 * @param x32SysCallFile where x32_sys_call (or x32_sys_call_table) is generated
 * @param readWriteLines fs/read_write.c: rw_verify_area, vfs_write, ksys_write, SYSCALL_DEFINE3(write)
 * @param sysretCheckLines the SYSRET checks in C, in the do_syscall_64 file (none before 6.7)
 */
public record Sources(String entryLines, String doSyscall64File, String doSyscall64Lines, String enterFromUserModeFile,
                      String exitToUserModeFile, String x32SysCallFile, List<String> readWriteLines,
                      String sysretCheckLines) {

    /** Lines of a profile whose reference gives none in fs/read_write.c. */
    static final List<String> UNKNOWN_READ_WRITE = List.of("", "", "", "");

    public Sources {
        readWriteLines = List.copyOf(readWriteLines);
    }

    static List<String> lines(int rwVerifyArea, int vfsWrite, int ksysWrite, int write) {
        return List.of(Integer.toString(rwVerifyArea), Integer.toString(vfsWrite), Integer.toString(ksysWrite),
                Integer.toString(write));
    }
}
