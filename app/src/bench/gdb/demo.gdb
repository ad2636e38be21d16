# 60 gdb commands stepping a real write(1, "hi\n", 3), the counterpart of demo.sysstep: a
# breakpoint, run, stepi through the prelude and over the syscall, registers, flags, memory, frames.
set pagination off
set confirm off
break main
run
info registers rip
x/8i $pc
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
stepi
info registers rax rdi rsi rdx rcx r11 rip eflags
x/s &msg
x/4bx &msg
info registers
p $rcx
p/x $r11
bt
x/4gx $rsp
info frame
p $eflags
x/2i $pc
info registers cs ss fs_base gs_base
p/x $rax
disassemble main
info sharedlibrary
info inferiors
p/x $rsp
x/s $rsi
info breakpoints
p $rdi
p/x $rdx
p/x $rsi
x/2gx $rsp
info registers rip
p $pc
p/x $rdi
p/x $rcx
info registers eflags
stepi
info registers
kill
