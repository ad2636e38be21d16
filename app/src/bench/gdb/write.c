/* The program gdb steps for the start-up comparison (README, "Performance"): write(1, "hi\n", 3)
 * with the syscall instruction itself, as sysstep's test program does. */
static const char msg[] = "hi\n";

int main(void) {
    long ret;
    __asm__ volatile("mov $1, %%rax\n\tmov $1, %%rdi\n\tlea %1, %%rsi\n\tmov $3, %%rdx\n\tsyscall\n\tmov %%rax, %%rcx"
                     : "=c"(ret) : "m"(msg) : "rax", "rdi", "rsi", "rdx", "r11", "memory");
    return ret == 3 ? 0 : 1;
}
