package dev.sysstep.app.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysstep.app.lang.ParseException;
import dev.sysstep.app.verbs.ConfigVerb;
import dev.sysstep.app.verbs.DiffVerb;
import dev.sysstep.app.verbs.ExamineVerb;
import dev.sysstep.app.verbs.ExpectVerb;
import dev.sysstep.app.verbs.InfoVerb;
import dev.sysstep.app.verbs.MemVerb;
import dev.sysstep.app.verbs.OpenVerb;
import dev.sysstep.app.verbs.PrintVerb;
import dev.sysstep.app.verbs.ProgramVerb;
import dev.sysstep.app.verbs.SetVerb;
import dev.sysstep.core.kernel.Switch;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command form of product.md §5, and malformed input, through the parser alone: which verb, what it parsed into. */
class ParserTest {

    private static Command parse(String text) throws ParseException {
        return Parser.parse(text);
    }

    /** What the arguments parsed into. */
    private static Object args(String text) throws ParseException {
        return parse(text).args();
    }

    private static String verb(String text) throws ParseException {
        return parse(text).verb().name();
    }

    // ------------------------------------------------------------ the fixed forms of §5

    @Test
    void setGeneralRegisterWithHex() throws ParseException {
        assertThat(args("set rbx 0x1111111111111111")).isEqualTo(new SetVerb.Assignment("rbx", "=", "0x1111111111111111"));
    }

    @Test
    void setRflags() throws ParseException {
        assertThat(args("set rflags 0x244ed7")).isEqualTo(new SetVerb.Assignment("rflags", "=", "0x244ed7"));
    }

    @Test
    void setPtRegsField() throws ParseException {
        assertThat(args("set ptregs.ip 0x800000000000")).isEqualTo(new SetVerb.Assignment("ptregs.ip", "=", "0x800000000000"));
        assertThat(args("set --force ptregs.cs 0x10")).isEqualTo(new SetVerb.Assignment("ptregs.cs", "=", "0x10", true));
    }

    @Test
    void setWithCompoundOperatorsAndErrnoNames() throws ParseException {
        assertThat(args("set rflags |= TF")).isEqualTo(new SetVerb.Assignment("rflags", "|=", "TF"));
        assertThat(args("set rflags &= ~IF")).isEqualTo(new SetVerb.Assignment("rflags", "&=", "~IF"));
        assertThat(args("set rflags ^= 0x100")).isEqualTo(new SetVerb.Assignment("rflags", "^=", "0x100"));
        assertThat(args("set rax = -EBADF")).isEqualTo(new SetVerb.Assignment("rax", "=", "-EBADF"));
        assertThat(args("set rdi -1")).isEqualTo(new SetVerb.Assignment("rdi", "=", "-1"));
        assertThat(args("set *0x426ff8 = 5")).isEqualTo(new SetVerb.Assignment("*0x426ff8", "=", "5"));
        assertThat(args("set kernel_gs_base 0")).isEqualTo(new SetVerb.Assignment("kernel_gs_base", "=", "0"));
    }

    private static ProgramVerb.Spec program(String text) throws ParseException {
        @SuppressWarnings("unchecked")
        Optional<ProgramVerb.Spec> p = (Optional<ProgramVerb.Spec>) args(text);
        return p.orElseThrow();
    }

    @Test
    void programWriteIsTheSeedsWrite() throws ParseException {
        ProgramVerb.Spec p = program("program write 1 \"hi\\n\" 3");
        assertThat(p.kind()).isEqualTo("write");
        assertThat(p.message()).isEqualTo("hi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.numbers()).containsExactly("1", "3");
    }

    @Test
    void programGetpid() throws ParseException {
        assertThat(program("program getpid").kind()).isEqualTo("getpid");
    }

    @Test
    void programSyscallTakesTheNumberThenUpToSixArguments() throws ParseException {
        assertThat(program("program syscall 1000 4 0x47cfc4 3").numbers()).containsExactly("1000", "4", "0x47cfc4", "3");
        assertThat(program("program syscall 1 1 2 3 4 5 6").numbers()).hasSize(7);
        assertThat(program("program syscall -1").numbers()).containsExactly("-1");
    }

    @Test
    void programBare() throws ParseException {
        assertThat(program("program bare").kind()).isEqualTo("bare");
    }

    @Test
    void programReadAndExitGroup() throws ParseException {
        assertThat(program("program read 0 16").numbers()).containsExactly("0", "16");
        assertThat(program("program exit_group 7").numbers()).containsExactly("7");
        assertThat(args("program")).isEqualTo(Optional.empty());
    }

    @Test
    void openWithAndWithoutFd() throws ParseException {
        assertThat(args("open /dev/null wronly as 5")).isEqualTo(new OpenVerb.Request("/dev/null", Session.OpenMode.WRONLY, 5));
        assertThat(args("open /dev/null rdonly")).isEqualTo(new OpenVerb.Request("/dev/null", Session.OpenMode.RDONLY, null));
        assertThat(args("open \"/tmp/out file\" rdwr")).isEqualTo(
                new OpenVerb.Request("/tmp/out file", Session.OpenMode.RDWR, null));
    }

    @Test
    void pipeReadEndThenWriteEnd() throws ParseException {
        assertThat((int[]) args("pipe 3 4")).containsExactly(3, 4);
    }

    @Test
    void memStoresEscapedBytes() throws ParseException {
        MemVerb.Store m = (MemVerb.Store) args("mem 0x47cfc4 \"hi\\n\"");
        assertThat(m.address()).isEqualTo("0x47cfc4");
        assertThat(m.data()).containsExactly('h', 'i', '\n');
        MemVerb.Store esc = (MemVerb.Store) args("mem 0x47cfc4 \"\\x1b[2J\\\\\\\"\\0\"");
        assertThat(esc.data()).containsExactly(0x1b, '[', '2', 'J', '\\', '"', 0);
    }

    @ParameterizedTest
    @CsvSource({"kernel,5.14", "kernel,6.1", "kernel,7.0", "kpti,on", "kpti,off", "kpti,auto", "pcid,on", "pcid,off",
        "la57,on", "cpu,intel", "cpu,amd", "mitigations,on", "mitigations,off", "stackleak,on", "x32,on", "x32,off",
        "ibt,on", "ibt,auto"})
    void configKeys(String key, String value) throws ParseException {
        assertThat(args("config " + key + " " + value))
                .isEqualTo(Optional.of(new ConfigVerb.Change(Switch.byKey(key).orElseThrow(), value)));
    }

    @Test
    void runAndExpect() throws ParseException {
        assertThat(verb("run")).isEqualTo("run");
        assertThat(args("expect rax == 3")).isEqualTo(new ExpectVerb.Comparison("rax", "==", "3", "rax == 3"));
    }

    @Test
    void expectFormsOfProductSection5() throws ParseException {
        assertThat(args("expect rcx == 0x401cea")).isEqualTo(new ExpectVerb.Comparison("rcx", "==", "0x401cea", "rcx == 0x401cea"));
        assertThat(args("expect ptregs.ax == -ENOSYS"))
                .isEqualTo(new ExpectVerb.Comparison("ptregs.ax", "==", "-ENOSYS", "ptregs.ax == -ENOSYS"));
        assertThat(args("expect phase == entry.swapgs"))
                .isEqualTo(new ExpectVerb.Comparison("phase", "==", "entry.swapgs", "phase == entry.swapgs"));
        assertThat(args("expect terminal == \"hi\\n\""))
                .isEqualTo(new ExpectVerb.Comparison("terminal", "==", "\"hi\\n\"", "terminal == \"hi\\n\""));
        assertThat(args("expect exit == #GP")).isEqualTo(new ExpectVerb.Comparison("exit", "==", "#GP", "exit == #GP"));
        assertThat(args("expect rflags & TF != 0"))
                .isEqualTo(new ExpectVerb.Comparison("rflags & TF", "!=", "0", "rflags & TF != 0"));
        assertThat(args("expect rax << 1 >= 6")).isEqualTo(new ExpectVerb.Comparison("rax << 1", ">=", "6", "rax << 1 >= 6"));
        assertThat(args("expect terminal == \"a==b\"")).isEqualTo(
                new ExpectVerb.Comparison("terminal", "==", "\"a==b\"", "terminal == \"a==b\""));
    }

    // ------------------------------------------------------------ motion, with gdb's short forms

    @ParameterizedTest
    @CsvSource({"step,step,1", "s,step,1", "step 5,step,5", "s 0x10,step,16", "stepi,stepi,1", "si 3,stepi,3",
        "back,back,1", "back 4,back,4", "backi,backi,1", "backi 2,backi,2", "STEP 2,step,2",
        "reverse-step 2,back,2", "rs,back,1", "reverse-stepi 3,backi,3", "rsi,backi,1"})
    void countedMotions(String text, String verb, int count) throws ParseException {
        assertThat(verb(text)).isEqualTo(verb);
        assertThat(args(text)).isEqualTo(count);
    }

    @ParameterizedTest
    @CsvSource({"next,next", "n,next", "finish,finish", "fin,finish", "continue,continue", "c,continue",
        "cont,continue", "reset,reset", "r,run", "reverse-next,reverse-next", "rn,reverse-next",
        "reverse-continue,reverse-continue", "rc,reverse-continue"})
    void motionsWithoutCount(String text, String verb) throws ParseException {
        assertThat(verb(text)).isEqualTo(verb);
    }

    @Test
    void gotoBreakWatchDelete() throws ParseException {
        assertThat(args("goto entry.swapgs")).isEqualTo("entry.swapgs");
        assertThat(args("goto 42")).isEqualTo("42");
        assertThat(args("break exit.check.*")).isEqualTo("exit.check.*");
        assertThat(verb("br c.vfs_write")).isEqualTo("break");
        assertThat(args("watch ptregs.ax")).isEqualTo(Target.parse("ptregs.ax").orElseThrow());
        assertThat(args("watch kernel_gs_base")).isEqualTo(Target.parse("kernel_gs_base").orElseThrow());
        assertThat(args("delete")).isEqualTo(Optional.empty());
        assertThat(args("delete 2")).isEqualTo(Optional.of(2));
        assertThat(verb("info breakpoints")).isEqualTo("info");
        assertThat(verb("i r")).isEqualTo("info");
    }

    // ------------------------------------------------------------ gdb's words mean gdb's things (issue 11.5)

    @Test
    void bIsBreakAsInGdbNotBack() throws ParseException {
        assertThat(verb("b exit.check.cs")).isEqualTo("break");
        assertThat(args("b exit.check.cs")).isEqualTo("exit.check.cs");
        assertThat(verb("b 2")).isEqualTo("break");
    }

    @Test
    void runTakesNoBreak() throws ParseException {
        assertThat(args("run")).as("run honours breakpoints, as gdb's does").isEqualTo(true);
        assertThat(args("run --no-break")).isEqualTo(false);
    }

    @Test
    void printTakesGdbFormats() throws ParseException {
        assertThat(verb("p $rax")).isEqualTo("print");
        assertThat(((PrintVerb.Request) args("p/x $rax")).expr()).isEqualTo("$rax");
        for (String f : List.of("x", "d", "t", "c")) {
            assertThat(verb("print/" + f + " rax")).isEqualTo("print");
        }
        assertThat(verb("display rip")).isEqualTo("display");
        assertThat(args("undisplay 1")).isEqualTo(1);
        assertThat(verb("l")).isEqualTo("list");
    }

    @Test
    void infoRegistersTakesRegisterNames() throws ParseException {
        assertThat(((InfoVerb.Topic) args("info reg")).name()).isEqualTo("registers");
        assertThat(((InfoVerb.Topic) args("info registers rip")).registers()).hasSize(1);
        assertThat(((InfoVerb.Topic) args("i r rip rsp")).registers()).hasSize(2);
        assertThat(((InfoVerb.Topic) args("info b")).name()).isEqualTo("breakpoints");
        assertThat(((InfoVerb.Topic) args("info frame")).name()).isEqualTo("frame");
        assertThat(((InfoVerb.Topic) args("info setup")).name()).isEqualTo("setup");
    }

    @Test
    void examineInstructionsAndTheKernelView() throws ParseException {
        ExamineVerb.Request r = (ExamineVerb.Request) args("x/4i $rip");
        assertThat(r.count()).isEqualTo(4);
        assertThat(r.format()).isEqualTo('i');
        assertThat(verb("x -k 0xffffc90000013f58")).isEqualTo("x");
    }

    @Test
    void views() throws ParseException {
        assertThat(args("regs")).isEqualTo(false);
        assertThat(args("regs all")).isEqualTo(true);
        for (String v : List.of("flags", "msr", "cr3", "stack", "ptregs", "bt", "phases", "where", "fds", "terminal",
                "explain", "source", "config", "result")) {
            assertThat(verb(v)).isEqualTo(v);
        }
        assertThat(verb("backtrace")).isEqualTo("bt");
        assertThat(args("stack 12")).isEqualTo(12);
        assertThat(args("explain entry.swapgs")).isEqualTo(Optional.of("entry.swapgs"));
        assertThat(args("source demo.sysstep")).isEqualTo(Optional.of("demo.sysstep"));
    }

    @Test
    void examineTakesCountFormatAndUnit() throws ParseException {
        assertThat(args("x/8gx $rsp")).isEqualTo(new ExamineVerb.Request(8, 'x', 8, "$rsp"));
        assertThat(args("x/4wx 0x47cfc4")).isEqualTo(new ExamineVerb.Request(4, 'x', 4, "0x47cfc4"));
        assertThat(args("x/s msg")).isEqualTo(new ExamineVerb.Request(1, 's', 1, "msg"));
        assertThat(args("x/3bd $rsi+1")).isEqualTo(new ExamineVerb.Request(3, 'd', 1, "$rsi+1"));
        assertThat(args("x TSS.sp2")).isEqualTo(new ExamineVerb.Request(1, 'x', 8, "TSS.sp2"));
    }

    @Test
    void diffTakesZeroOneOrTwoPoints() throws ParseException {
        assertThat(args("diff")).isEqualTo(new DiffVerb.Points(null, null));
        assertThat(args("diff 5")).isEqualTo(new DiffVerb.Points("5", null));
        assertThat(args("diff 0 entry.swapgs")).isEqualTo(new DiffVerb.Points("0", "entry.swapgs"));
    }

    @Test
    void scriptCommands() throws ParseException {
        assertThat(args("echo hello world")).isEqualTo("hello world");
        assertThat(args("echo \"two\\nlines\"")).isEqualTo("two\nlines");
        assertThat(args("pause")).isNull();
        assertThat(args("pause look at rcx")).isEqualTo("look at rcx");
        assertThat(args("help")).isEqualTo(Optional.empty());
        assertThat(args("help set")).isEqualTo(Optional.of("set"));
        assertThat(verb("?")).isEqualTo("help");
        assertThat(verb("q")).isEqualTo("quit");
        assertThat(verb("exit")).isEqualTo("quit");
        @SuppressWarnings("unchecked")
        Optional<byte[]> input = (Optional<byte[]>) args("terminal input \"abc\\n\"");
        assertThat(input.orElseThrow()).containsExactly('a', 'b', 'c', '\n');
    }

    // ------------------------------------------------------------ lines: ; and # comments

    @Test
    void semicolonsSeparateCommandsAndHashStartsAComment() throws ParseException {
        assertThat(Parser.parseLine("step 2; regs # show them")).extracting(c -> c.verb().name())
                .containsExactly("step", "regs");
        assertThat(Parser.parseLine("# only a comment")).isEmpty();
        assertThat(Parser.parseLine("   ")).isEmpty();
        assertThat(Parser.parseLine(";;")).isEmpty();
    }

    @Test
    void quotesProtectSemicolonsAndHashes() throws ParseException {
        List<Command> c = Parser.parseLine("mem 0x47cfc4 \"a;b # c\"; run");
        assertThat(c).hasSize(2);
        assertThat(((MemVerb.Store) c.get(0).args()).data()).isEqualTo("a;b # c".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void hashInsideAWordIsNotAComment() throws ParseException {
        assertThat(Parser.parseLine("expect exit == #GP")).extracting(Command::args).containsExactly(
                new ExpectVerb.Comparison("exit", "==", "#GP", "exit == #GP"));
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
        "run now|run takes only '--no-break' (got 'now')",
        "expect foo == 1|unknown name 'foo'",
        "expect rax == NOPE|unknown name 'NOPE'",
        "print foo + 1|unknown name 'foo'",
        "display bar|unknown name 'bar'",
        "set rax nope|unknown name 'nope'",
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
        "config kernel 4.19|config kernel: unknown value '4.19'",
        "config kpti maybe|config kpti: unknown value 'maybe' (on, off, auto)",
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
