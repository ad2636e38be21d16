package dev.sysstep.app.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values in set/expect/x: numbers, names, and C operators with C precedence, all 64-bit. */
class ExprTest {

    private static long eval(String text) throws ParseException {
        return Expr.evaluate(text, n -> n.equals("$rsp") ? 0x1000
                : Constants.value(n, dev.sysstep.core.kernel.KernelConfig.defaults())
                        .orElseThrow(() -> new ParseException("unknown name '" + n + "'")));
    }

    @ParameterizedTest
    @CsvSource({"0x10,16", "16,16", "-1,-1", "0xffffffffffffffff,-1", "0x8000000000000000,-9223372036854775808",
        "0b101,5", "0xffff_ffff,4294967295", "-0x10,-16"})
    void numbers(String text, long value) throws ParseException {
        assertThat(eval(text)).isEqualTo(value);
    }

    @Test
    void errnoNamesAreThePositiveNumbersOfReference() throws ParseException {
        // errno-base.h: EBADF 9, EFAULT 14, EINVAL 22; errno.h: ENOSYS 38
        assertThat(eval("-EBADF")).isEqualTo(-9);
        assertThat(eval("-EFAULT")).isEqualTo(-14);
        assertThat(eval("EINVAL")).isEqualTo(22);
        assertThat(eval("-ENOSYS")).isEqualTo(-38);
    }

    @Test
    void flagNamesAreRflagsBits() throws ParseException {
        // SDM Vol. 1 §3.4.3: TF bit 8, IF bit 9, RF bit 16, AC bit 18, ID bit 21
        assertThat(eval("TF")).isEqualTo(0x100);
        assertThat(eval("IF")).isEqualTo(0x200);
        assertThat(eval("RF")).isEqualTo(0x10000);
        assertThat(eval("TF|RF")).isEqualTo(0x10100);
        assertThat(eval("AC | ID")).isEqualTo(0x240000);
    }

    @Test
    void selectors() throws ParseException {
        // reference §3.2: __USER_CS 0x33, __USER_DS 0x2b, __KERNEL_CS 0x10, __KERNEL_DS 0x18
        assertThat(eval("__USER_CS")).isEqualTo(0x33);
        assertThat(eval("__USER_DS")).isEqualTo(0x2b);
        assertThat(eval("__KERNEL_CS")).isEqualTo(0x10);
        assertThat(eval("__KERNEL_DS")).isEqualTo(0x18);
    }

    @ParameterizedTest
    @CsvSource({"1 + 2 * 0 + 3,4", "(1 + 2) << 4,48", "1 << 2 + 1,8", "0xff & ~0x0f,240", "1 | 2 ^ 3,1", "~0,-1",
        "0x10 - 0x20,-16", "-(3),-3", "0x244ed7 & 0x3C7FD7 | 2,2379479", "0x10000 >> 16,1", "-1 >> 60,15", "$rsp + 8 * 2,4112"})
    void cPrecedence(String text, long value) throws ParseException {
        assertThat(eval(text)).isEqualTo(value);
    }

    @Test
    void namesComeFromTheResolver() throws ParseException {
        assertThat(Expr.evaluate("$rsp + 8", n -> n.equals("$rsp") || n.equals("rsp") ? 0x1000 : 0)).isEqualTo(0x1008);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0x|bad number '0x'", "1 +|a value is missing", "(1|missing ')'",
        "0x1ffffffffffffffff|number 0x1ffffffffffffffff does not fit in 64 bits", "1 2|unexpected '2' in '1 2'",
        "EBADFX|unknown name 'EBADFX'"})
    void badExpressions(String text, String message) {
        assertThatThrownBy(() -> eval(text)).isInstanceOf(ParseException.class).hasMessageContaining(message);
    }
}
