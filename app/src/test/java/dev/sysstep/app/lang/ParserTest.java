package dev.sysstep.app.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysstep.app.lang.Command.Move.Kind;
import dev.sysstep.app.lang.Command.Show.View;
import dev.sysstep.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command form of product.md §5, and malformed input, through the parser alone. */
class ParserTest {

    private static Command parse(String text) throws ParseException {
        return Parser.parse(text);
    }

    // ------------------------------------------------------------ the fixed forms of §5

    @Test
    void setGeneralRegisterWithHex() throws ParseException {
        assertThat(parse("set rbx 0x1111111111111111")).isEqualTo(new Command.Set("rbx", "=", "0x1111111111111111"));
    }

    @Test
    void setRflags() throws ParseException {
        assertThat(parse("set rflags 0x244ed7")).isEqualTo(new Command.Set("rflags", "=", "0x244ed7"));
    }

    @Test
    void setPtRegsField() throws ParseException {
        assertThat(parse("set ptregs.ip 0x800000000000")).isEqualTo(new Command.Set("ptregs.ip", "=", "0x800000000000"));
    }

    @Test
    void setWithCompoundOperatorsAndErrnoNames() throws ParseException {
        assertThat(parse("set rflags |= TF")).isEqualTo(new Command.Set("rflags", "|=", "TF"));
        assertThat(parse("set rflags &= ~IF")).isEqualTo(new Command.Set("rflags", "&=", "~IF"));
        assertThat(parse("set rflags ^= 0x100")).isEqualTo(new Command.Set("rflags", "^=", "0x100"));
        assertThat(parse("set rax = -EBADF")).isEqualTo(new Command.Set("rax", "=", "-EBADF"));
        assertThat(parse("set rdi -1")).isEqualTo(new Command.Set("rdi", "=", "-1"));
        assertThat(parse("set *0x426ff8 = 5")).isEqualTo(new Command.Set("*0x426ff8", "=", "5"));
        assertThat(parse("set kernel_gs_base 0")).isEqualTo(new Command.Set("kernel_gs_base", "=", "0"));
    }

    @Test
    void programWriteIsTheSeedsWrite() throws ParseException {
        Command.Program p = (Command.Program) parse("program write 1 \"hi\\n\" 3");
        assertThat(p.program().describe(dev.sysstep.core.kernel.KernelVersion.V6_1)).isEqualTo("write(1, msg, 3)");
        assertThat(p.program().message()).isEqualTo("hi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.program().number()).isEqualTo(1);
    }

    @Test
    void programGetpid() throws ParseException {
        Command.Program p = (Command.Program) parse("program getpid");
        assertThat(p.program().number()).isEqualTo(39);
    }

    @Test
    void programSyscallTakesTheNumberThenUpToSixArguments() throws ParseException {
        Command.Program p = (Command.Program) parse("program syscall 1000 4 0x47cfc4 3");
        assertThat(p.program().number()).isEqualTo(1000);
        assertThat(p.program().args().stream().map(dev.sysstep.core.user.UserProgram.Arg::value).toList()).containsExactly(4L, 0x47cfc4L, 3L);
        Command.Program six = (Command.Program) parse("program syscall 1 1 2 3 4 5 6");
        assertThat(six.program().args().stream().map(dev.sysstep.core.user.UserProgram.Arg::value).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        Command.Program negative = (Command.Program) parse("program syscall -1");
        assertThat(negative.program().number()).isEqualTo(-1);
    }

    @Test
    void programBare() throws ParseException {
        Command.Program p = (Command.Program) parse("program bare");
        assertThat(p.program().isBare()).isTrue();
    }

    @Test
    void programReadAndExitGroup() throws ParseException {
        Command.Program r = (Command.Program) parse("program read 0 16");
        assertThat(r.program().number()).isZero();
        assertThat(r.program().args().stream().map(dev.sysstep.core.user.UserProgram.Arg::value).toList()).containsExactly(0L, dev.sysstep.core.kernel.Layout.USER_READ_BUFFER, 16L);
        Command.Program e = (Command.Program) parse("program exit_group 7");
        assertThat(e.program().number()).isEqualTo(231);
        assertThat(e.program().args().stream().map(dev.sysstep.core.user.UserProgram.Arg::value).toList()).containsExactly(7L);
        assertThat(parse("program")).isEqualTo(new Command.ShowProgram());
    }

    @Test
    void openWithAndWithoutFd() throws ParseException {
        assertThat(parse("open /dev/null wronly as 5")).isEqualTo(new Command.Open("/dev/null", Session.OpenMode.WRONLY, 5));
        assertThat(parse("open /dev/null rdonly")).isEqualTo(new Command.Open("/dev/null", Session.OpenMode.RDONLY, null));
        assertThat(parse("open \"/tmp/out file\" rdwr")).isEqualTo(
                new Command.Open("/tmp/out file", Session.OpenMode.RDWR, null));
    }

    @Test
    void pipeReadEndThenWriteEnd() throws ParseException {
        assertThat(parse("pipe 3 4")).isEqualTo(new Command.Pipe(3, 4));
    }

    @Test
    void memStoresEscapedBytes() throws ParseException {
        Command.Mem m = (Command.Mem) parse("mem 0x47cfc4 \"hi\\n\"");
        assertThat(m.address()).isEqualTo("0x47cfc4");
        assertThat(m.data()).containsExactly('h', 'i', '\n');
        Command.Mem esc = (Command.Mem) parse("mem 0x47cfc4 \"\\x1b[2J\\\\\\\"\\0\"");
        assertThat(esc.data()).containsExactly(0x1b, '[', '2', 'J', '\\', '"', 0);
    }

    @ParameterizedTest
    @CsvSource({"kernel,5.14", "kernel,6.1", "kernel,7.0", "kpti,on", "kpti,off", "pcid,on", "pcid,off", "la57,on",
        "cpu,intel", "cpu,amd", "mitigations,on", "mitigations,off", "stackleak,on", "x32,on", "x32,off"})
    void configKeys(String key, String value) throws ParseException {
        assertThat(parse("config " + key + " " + value)).isEqualTo(new Command.Config(key, value));
    }

    @Test
    void runAndExpect() throws ParseException {
        assertThat(parse("run")).isEqualTo(new Command.Move(Kind.RUN, 1));
        assertThat(parse("expect rax == 3")).isEqualTo(new Command.Expect("rax", "==", "3", "rax == 3"));
    }

    @Test
    void expectFormsOfProductSection5() throws ParseException {
        assertThat(parse("expect rcx == 0x401cea")).isEqualTo(new Command.Expect("rcx", "==", "0x401cea", "rcx == 0x401cea"));
        assertThat(parse("expect ptregs.ax == -ENOSYS"))
                .isEqualTo(new Command.Expect("ptregs.ax", "==", "-ENOSYS", "ptregs.ax == -ENOSYS"));
        assertThat(parse("expect phase == entry.swapgs"))
                .isEqualTo(new Command.Expect("phase", "==", "entry.swapgs", "phase == entry.swapgs"));
        assertThat(parse("expect terminal == \"hi\\n\""))
                .isEqualTo(new Command.Expect("terminal", "==", "\"hi\\n\"", "terminal == \"hi\\n\""));
        assertThat(parse("expect exit == #GP")).isEqualTo(new Command.Expect("exit", "==", "#GP", "exit == #GP"));
        assertThat(parse("expect rflags & TF != 0")).isEqualTo(new Command.Expect("rflags & TF", "!=", "0", "rflags & TF != 0"));
        assertThat(parse("expect rax << 1 >= 6")).isEqualTo(new Command.Expect("rax << 1", ">=", "6", "rax << 1 >= 6"));
        assertThat(parse("expect terminal == \"a==b\"")).isEqualTo(
                new Command.Expect("terminal", "==", "\"a==b\"", "terminal == \"a==b\""));
    }

    // ------------------------------------------------------------ motion, with gdb's short forms

    @ParameterizedTest
    @CsvSource({"step,STEP,1", "s,STEP,1", "step 5,STEP,5", "s 0x10,STEP,16", "stepi,STEPI,1", "si 3,STEPI,3",
        "next,NEXT,1", "n,NEXT,1", "finish,FINISH,1", "fin,FINISH,1", "continue,CONTINUE,1", "c,CONTINUE,1",
        "cont,CONTINUE,1", "back,BACK,1", "b 4,BACK,4", "backi,BACKI,1", "backi 2,BACKI,2", "reset,RESET,1",
        "r,RUN,1", "STEP 2,STEP,2"})
    void motions(String text, Kind kind, int count) throws ParseException {
        assertThat(parse(text)).isEqualTo(new Command.Move(kind, count));
    }

    @Test
    void gotoBreakWatchDelete() throws ParseException {
        assertThat(parse("goto entry.swapgs")).isEqualTo(new Command.Goto("entry.swapgs"));
        assertThat(parse("goto 42")).isEqualTo(new Command.Goto("42"));
        assertThat(parse("break exit.check.*")).isEqualTo(new Command.Break("exit.check.*"));
        assertThat(parse("br c.vfs_write")).isEqualTo(new Command.Break("c.vfs_write"));
        assertThat(parse("watch ptregs.ax")).isEqualTo(new Command.Watch("ptregs.ax"));
        assertThat(parse("watch kernel_gs_base")).isEqualTo(new Command.Watch("kernel_gs_base"));
        assertThat(parse("watch rcx")).isEqualTo(new Command.Watch("rcx"));
        assertThat(parse("delete")).isEqualTo(new Command.Delete(null));
        assertThat(parse("delete 2")).isEqualTo(new Command.Delete(2));
        assertThat(parse("info breakpoints")).isEqualTo(new Command.Show(View.BREAKPOINTS, null));
        assertThat(parse("i r")).isEqualTo(new Command.Show(View.REGS, null));
    }

    @Test
    void views() throws ParseException {
        assertThat(parse("regs")).isEqualTo(new Command.Show(View.REGS, null));
        assertThat(parse("regs all")).isEqualTo(new Command.Show(View.REGS, "all"));
        assertThat(parse("flags")).isEqualTo(new Command.Show(View.FLAGS, null));
        assertThat(parse("msr")).isEqualTo(new Command.Show(View.MSR, null));
        assertThat(parse("msr lstar")).isEqualTo(new Command.Show(View.MSR, "lstar"));
        assertThat(parse("cr3")).isEqualTo(new Command.Show(View.CR3, null));
        assertThat(parse("stack")).isEqualTo(new Command.Show(View.STACK, null));
        assertThat(parse("stack 12")).isEqualTo(new Command.Show(View.STACK, "12"));
        assertThat(parse("ptregs")).isEqualTo(new Command.Show(View.PTREGS, null));
        assertThat(parse("bt")).isEqualTo(new Command.Show(View.BT, null));
        assertThat(parse("backtrace")).isEqualTo(new Command.Show(View.BT, null));
        assertThat(parse("phases")).isEqualTo(new Command.Show(View.PHASES, null));
        assertThat(parse("where")).isEqualTo(new Command.Show(View.WHERE, null));
        assertThat(parse("fds")).isEqualTo(new Command.Show(View.FDS, null));
        assertThat(parse("terminal")).isEqualTo(new Command.Show(View.TERMINAL, null));
        assertThat(parse("explain")).isEqualTo(new Command.Show(View.EXPLAIN, null));
        assertThat(parse("explain entry.swapgs")).isEqualTo(new Command.Show(View.EXPLAIN, "entry.swapgs"));
        assertThat(parse("source")).isEqualTo(new Command.Source(null));
        assertThat(parse("source demo.sysstep")).isEqualTo(new Command.Source("demo.sysstep"));
        assertThat(parse("config")).isEqualTo(new Command.Show(View.CONFIG, null));
        assertThat(parse("result")).isEqualTo(new Command.Show(View.RESULT, null));
    }

    @Test
    void examineTakesCountFormatAndUnit() throws ParseException {
        assertThat(parse("x/8gx $rsp")).isEqualTo(new Command.Examine(8, 'x', 8, "$rsp"));
        assertThat(parse("x/4wx 0x47cfc4")).isEqualTo(new Command.Examine(4, 'x', 4, "0x47cfc4"));
        assertThat(parse("x/s msg")).isEqualTo(new Command.Examine(1, 's', 1, "msg"));
        assertThat(parse("x/3bd $rsi+1")).isEqualTo(new Command.Examine(3, 'd', 1, "$rsi+1"));
        assertThat(parse("x TSS.sp2")).isEqualTo(new Command.Examine(1, 'x', 8, "TSS.sp2"));
    }

    @Test
    void diffTakesZeroOneOrTwoPoints() throws ParseException {
        assertThat(parse("diff")).isEqualTo(new Command.Diff(null, null));
        assertThat(parse("diff 5")).isEqualTo(new Command.Diff("5", null));
        assertThat(parse("diff 0 entry.swapgs")).isEqualTo(new Command.Diff("0", "entry.swapgs"));
    }

    @Test
    void scriptCommands() throws ParseException {
        assertThat(parse("echo hello world")).isEqualTo(new Command.Echo("hello world"));
        assertThat(parse("echo \"two\\nlines\"")).isEqualTo(new Command.Echo("two\nlines"));
        assertThat(parse("pause")).isEqualTo(new Command.Pause(null));
        assertThat(parse("pause look at rcx")).isEqualTo(new Command.Pause("look at rcx"));
        assertThat(parse("help")).isEqualTo(new Command.Help(null));
        assertThat(parse("help set")).isEqualTo(new Command.Help("set"));
        assertThat(parse("?")).isEqualTo(new Command.Help(null));
        assertThat(parse("quit")).isEqualTo(new Command.Quit());
        assertThat(parse("q")).isEqualTo(new Command.Quit());
        assertThat(parse("exit")).isEqualTo(new Command.Quit());
        assertThat(((Command.TerminalInput) parse("terminal input \"abc\\n\"")).data()).containsExactly('a', 'b', 'c', '\n');
    }

    // ------------------------------------------------------------ lines: ; and # comments

    @Test
    void semicolonsSeparateCommandsAndHashStartsAComment() throws ParseException {
        assertThat(Parser.parseLine("step 2; regs # show them")).containsExactly(new Command.Move(Kind.STEP, 2),
                new Command.Show(View.REGS, null));
        assertThat(Parser.parseLine("# only a comment")).isEmpty();
        assertThat(Parser.parseLine("   ")).isEmpty();
        assertThat(Parser.parseLine(";;")).isEmpty();
    }

    @Test
    void quotesProtectSemicolonsAndHashes() throws ParseException {
        List<Command> c = Parser.parseLine("mem 0x47cfc4 \"a;b # c\"; run");
        assertThat(c).hasSize(2);
        assertThat(((Command.Mem) c.get(0)).data()).isEqualTo("a;b # c".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void hashInsideAWordIsNotAComment() throws ParseException {
        assertThat(Parser.parseLine("expect exit == #GP")).containsExactly(
                new Command.Expect("exit", "==", "#GP", "exit == #GP"));
    }

    // ------------------------------------------------------------ malformed input: one clear message

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "stpe|unknown command 'stpe' (did you mean 'step'?)",
        "frobnicate|unknown command 'frobnicate'",
        "step 0|step: the count must be between 1 and 100000 (got 0)",
        "step -3|step: the count must be between 1 and 100000 (got -3)",
        "step 1000001|step: the count must be between 1 and 100000",
        "step lots|step: bad count 'lots'",
        "step 1 2|step takes one optional count",
        "next 2|next takes no arguments (got '2')",
        "run now|run takes no arguments (got 'now')",
        "goto|goto needs a phase id or a step number",
        "break|break needs a phase id or glob",
        "watch rxx|unknown register 'rxx'",
        "watch ptregs.foo|unknown pt_regs field 'ptregs.foo'",
        "set rxx 1|unknown register 'rxx'",
        "set ptregs.ipp 1|unknown pt_regs field 'ptregs.ipp'",
        "set rax|set needs a target and a value",
        "set|set needs a target and a value",
        "program frob|program: unknown kind 'frob'",
        "program write 1|program write FD",
        "program syscall|program syscall NUMBER",
        "program syscall 1 1 2 3 4 5 6 7|program syscall NUMBER",
        "program getpid 1|program getpid takes no arguments",
        "open /dev/null sideways|open: mode must be rdonly, wronly or rdwr (got 'sideways')",
        "open /dev/null wronly at 5|open PATH MODE as FD (got 'at')",
        "pipe 3|pipe READ_FD WRITE_FD",
        "mem 0x1000 abc|mem ADDRESS \"bytes\"",
        "config kernel 4.19|config kernel: unknown version '4.19'",
        "config kpti maybe|config kpti: expected on or off (got 'maybe')",
        "config speed 9|config: unknown key 'speed'",
        "config kpti|config KEY VALUE",
        "expect rax|expect needs one of == != < <= > >=",
        "expect|expect needs a comparison",
        "expect == 3|expect needs a value on both sides of ==",
        "x/8qx $rsp|x: unknown format letter 'q'",
        "x/8gx|x needs an address",
        "regs some|regs takes only 'all' (got 'some')",
        "info nothing|info: unknown topic 'nothing'",
        "stack 0|stack: the count must be between 1 and 100000 (got 0)",
        "diff 1 2 3|diff takes at most two step numbers or phase ids",
        "terminal 5|terminal takes no arguments, or: terminal input",
    })
    void malformedCommandsSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> Parser.parseLine(text)).isInstanceOf(ParseException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem 0x1 \"abc", "echo 'open", "mem 0x1 \"\\xZZ\""})
    void badStringsAreParseErrors(String text) {
        assertThatThrownBy(() -> Parser.parseLine(text)).isInstanceOf(ParseException.class);
    }

    @Test
    void unterminatedStringNamesTheMissingQuote() {
        assertThatThrownBy(() -> Parser.parseLine("echo \"abc")).hasMessage("unterminated string (add the closing \")");
    }
}
