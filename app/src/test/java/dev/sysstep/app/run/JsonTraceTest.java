package dev.sysstep.app.run;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sysstep.app.testing.Cli;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Lines trace of product.md §7 parses, and says what the reference says. */
class JsonTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REGS = List.of("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags", "cs", "ss", "fs_base", "gs_base",
            "kernel_gs_base", "cr3");

    private static List<JsonNode> trace(String... args) throws Exception {
        Cli.Result r = cli().run(args);
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n", -1)) {
            if (!line.isEmpty()) {
                assertThat(line).as("one object per line, no padding").startsWith("{").endsWith("}");
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(r.out()).endsWith("}\n");
        return lines;
    }

    private static JsonNode first(List<JsonNode> lines, String insn) {
        return lines.stream().filter(l -> insn.equals(l.path("insn").asText())).findFirst().orElseThrow();
    }

    @Test
    void headerStepsAndResultOfTheSeedWrite() throws Exception {
        List<JsonNode> lines = trace("trace");
        JsonNode header = lines.get(0);
        assertThat(header.get("sysstep").asText()).isEqualTo(dev.sysstep.app.Version.VERSION);
        assertThat(header.get("kernel").asText()).isEqualTo("6.1");
        assertThat(header.get("config").get("kpti").asBoolean()).isTrue();
        assertThat(header.get("config").get("pcid").asBoolean()).isTrue();

        List<JsonNode> steps = lines.subList(1, lines.size() - 1);
        // one entry per instruction the session executed (a C phase counts as one)
        dev.sysstep.core.session.Session session = new dev.sysstep.core.session.Session(
                dev.sysstep.core.kernel.KernelConfig.defaults(), dev.sysstep.core.user.UserProgram.seedWrite());
        session.run();
        assertThat(steps).hasSize(session.position());
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            assertThat(s.get("step").asInt()).isEqualTo(i + 1);
            assertThat(s.get("phase").asText()).isNotEmpty();
            assertThat(s.get("cpl").asInt()).isIn(0, 3);
            for (String reg : REGS) {
                String v = s.get("regs").get(reg).asText();
                if (reg.equals("cs") || reg.equals("ss")) {
                    assertThat(v).matches("0x[0-9a-f]{1,4}");
                } else {
                    assertThat(v).as(reg).matches("0x[0-9a-f]{16}");
                }
            }
            assertThat(s.get("changed").isArray()).isTrue();
            assertThat(s.get("mem").isArray()).isTrue();
            assertThat(s.get("checks").isArray()).isTrue();
        }

        JsonNode result = lines.get(lines.size() - 1).get("result");
        assertThat(result.get("syscall").asText()).isEqualTo("write");
        assertThat(result.get("ret").asLong()).isEqualTo(3);
        assertThat(result.get("errno").isNull()).isTrue();
        assertThat(result.get("exit").asText()).isEqualTo("sysret");
        assertThat(result.get("terminal").asText()).isEqualTo("hi\n");
    }

    @Test
    void instructionsCarryTheReferenceEffects() throws Exception {
        List<JsonNode> lines = trace("trace");
        // reference §4.1: SYSCALL puts the next RIP in RCX, RFLAGS in R11, CS/SS from STAR
        JsonNode syscall = first(lines, "syscall");
        assertThat(syscall.get("regs").get("rcx").asText()).isEqualTo("0x0000000000401b29");
        assertThat(syscall.get("regs").get("r11").asText()).isEqualTo("0x0000000000000246");
        assertThat(syscall.get("regs").get("cs").asText()).isEqualTo("0x10");
        assertThat(syscall.get("regs").get("ss").asText()).isEqualTo("0x18");
        assertThat(syscall.get("cpl").asInt()).isZero();

        // reference §4.3: swapgs exchanges GS.base and KERNEL_GS_BASE
        JsonNode swapgs = first(lines, "swapgs");
        assertThat(swapgs.get("phase").asText()).isEqualTo("entry.swapgs");
        assertThat(swapgs.get("changed")).extracting(JsonNode::asText).contains("gs_base", "kernel_gs_base");
        assertThat(swapgs.get("regs").get("gs_base").asText()).isEqualTo("0xffff88800f800000");

        // reference §2.1 and §1.1: the first push is pt_regs->ss = __USER_DS at the top of the task stack
        JsonNode pushSs = first(lines, "pushq $__USER_DS");
        JsonNode mem = pushSs.get("mem").get(0);
        assertThat(mem.get("addr").asText()).isEqualTo("0xffffc90000013ff8");
        assertThat(mem.get("new").asText()).isEqualTo("0x000000000000002b");
        assertThat(mem.get("label").asText()).isEqualTo("pt_regs->ss");

        // PUSH_AND_CLEAR_REGS rax=$-ENOSYS: pt_regs->ax starts as -ENOSYS (gotcha 2)
        JsonNode pushAx = first(lines, "pushq $-ENOSYS");
        assertThat(pushAx.get("mem").get(0).get("label").asText()).isEqualTo("pt_regs->ax");
        assertThat(pushAx.get("mem").get(0).get("new").asText()).isEqualTo("0xffffffffffffffda");

        // the six assembly SYSRET checks of 6.1 all pass, in the order of gotcha 11
        List<String> checks = new ArrayList<>();
        for (JsonNode l : lines) {
            for (JsonNode c : l.path("checks")) {
                if (c.get("id").asText().startsWith("exit.check.")) {
                    checks.add(c.get("id").asText());
                    assertThat(c.get("passed").asBoolean()).isTrue();
                }
            }
        }
        assertThat(checks).containsExactly("exit.check.rcx_eq_rip", "exit.check.rcx_canonical", "exit.check.cs",
                "exit.check.r11_eq_rflags", "exit.check.rf_tf", "exit.check.ss");

        // reference §4.2: after sysretq RFLAGS = (R11 & 0x3C7FD7) | 2, CS/SS 0x33/0x2b, CPL 3
        JsonNode sysret = first(lines, "sysretq");
        assertThat(sysret.get("regs").get("rip").asText()).isEqualTo("0x0000000000401b29");
        assertThat(sysret.get("regs").get("rflags").asText()).isEqualTo("0x0000000000000246");
        assertThat(sysret.get("regs").get("cs").asText()).isEqualTo("0x33");
        assertThat(sysret.get("regs").get("ss").asText()).isEqualTo("0x2b");
        assertThat(sysret.get("cpl").asInt()).isEqualTo(3);
    }

    @Test
    void errorsAndOtherExitsInTheResult() throws Exception {
        JsonNode badFd = last(trace("trace", "-c", "program write 9 \"hi\\n\" 3"));
        assertThat(badFd.get("ret").asLong()).isEqualTo(-9);
        assertThat(badFd.get("errno").asText()).isEqualTo("EBADF");
        assertThat(badFd.get("exit").asText()).isEqualTo("sysret");

        JsonNode iret = last(trace("trace", "-c", "break c.store_ax; continue; set ptregs.cx 0x401000"));
        assertThat(iret.get("exit").asText()).isEqualTo("iret");
        assertThat(iret.get("ret").asLong()).isEqualTo(3);

        JsonNode ud = last(trace("trace", "-c", "step; set efer &= ~1"));
        assertThat(ud.get("exit").asText()).isEqualTo("#UD");
    }

    @Test
    void bytesTheProgramWroteSurviveJsonEscapingExactly() throws Exception {
        JsonNode r = last(trace("trace", "-c", "program write 1 \"q\\\"\\\\\\x1b[1m\\t\\n\""));
        assertThat(r.get("terminal").asText()).isEqualTo("q\"\\\u001b[1m\t\n");
    }

    @Test
    void theTerminalStringKeepsUtf8EscapesControlsAndLosesNoByte() throws Exception {
        // issue 9, finding 1: one bad byte made the whole string Latin-1 (é became Ã©)
        Cli.Result raw = cli().run("trace", "-c", "program write 1 \"\\xc3\\xa9\\x7f\\xc2\\x9b\\xff\" 6");
        String lastLine = raw.out().strip().substring(raw.out().strip().lastIndexOf('\n') + 1);
        assertThat(lastLine).contains("\\u007F").contains("\\u009b").doesNotContain("\u007f").doesNotContain("\u009b");
        JsonNode r = last(trace("trace", "-c", "program write 1 \"\\xc3\\xa9\\x7f\\xc2\\x9b\\xff\" 6"));
        assertThat(r.get("terminal").asText()).isEqualTo("\u00e9\u007f\u009b\ufffd");
        assertThat(java.util.Base64.getDecoder().decode(r.get("terminal_base64").asText()))
                .containsExactly(0xc3, 0xa9, 0x7f, 0xc2, 0x9b, 0xff);
        JsonNode utf8 = last(trace("trace", "-c", "program write 1 \"caf\\xc3\\xa9\" 5"));
        assertThat(utf8.get("terminal").asText()).isEqualTo("caf\u00e9");
        assertThat(utf8.has("terminal_base64")).isFalse();
    }

    @Test
    void otherProfilesTraceTheirOwnPath() throws Exception {
        List<JsonNode> v514 = trace("trace", "--kernel", "5.14");
        assertThat(v514.get(0).get("kernel").asText()).isEqualTo("5.14");
        // 5.14 calls through sys_call_table (reference §5.1)
        assertThat(v514).anySatisfy(l -> assertThat(l.path("phase").asText()).isEqualTo("c.dispatch"));
        List<JsonNode> v70 = trace("trace", "--kernel", "7.0");
        // 7.0 checks SYSRET in C (reference §1.2), each check one C entry
        assertThat(v70).anySatisfy(l -> assertThat(l.path("phase").asText()).isEqualTo("exit.check.ip_task_size"));
        assertThat(last(v70).get("exit").asText()).isEqualTo("sysret");
    }

    @Test
    void theOtherWaysInCarryTheirExitsAndNames() throws Exception {
        // kernel-other-entries.md: int $0x80 and the vsyscall page return with IRET, SYSENTER with SYSRETL, the vDSO
        // not through the kernel at all, a compat-mode SYSCALL on Intel is #UD
        JsonNode int80 = last(trace("trace", "-c", "program int80 write 1 \"hi\\n\" 3"));
        assertThat(int80.get("exit").asText()).isEqualTo("iret");
        assertThat(int80.get("syscall").asText()).isEqualTo("write");
        assertThat(int80.get("ret").asLong()).isEqualTo(3);
        JsonNode efault = last(trace("trace", "-c", "program int80 write 1 0x7ffc00001000 3"));
        assertThat(efault.get("errno").asText()).isEqualTo("EFAULT");
        assertThat(last(trace("trace", "-c", "program ia32 getpid")).get("exit").asText()).isEqualTo("sysretl");
        assertThat(last(trace("trace", "-c", "program ia32 syscall getpid")).get("exit").asText()).isEqualTo("#UD");
        JsonNode vdso = last(trace("trace", "-c", "program vdso clock_gettime monotonic"));
        assertThat(vdso.get("exit").asText()).isEqualTo("none");
        assertThat(vdso.get("ret").asLong()).isZero();
        assertThat(last(trace("trace", "--clocksource", "hpet", "-c", "program vdso clock_gettime monotonic"))
                .get("exit").asText()).isEqualTo("sysret");
        assertThat(last(trace("trace", "-c", "program vsyscall time")).get("exit").asText()).isEqualTo("iret");
        List<JsonNode> way = trace("trace", "--way", "ia32");
        assertThat(way).anySatisfy(l -> assertThat(l.path("phase").asText()).isEqualTo("sysenter.push_frame"));
    }

    private static JsonNode last(List<JsonNode> lines) {
        return lines.get(lines.size() - 1).get("result");
    }
}
