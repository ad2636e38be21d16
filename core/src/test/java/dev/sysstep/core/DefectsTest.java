package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysstep.core.code.Phase;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Suggest;
import dev.sysstep.core.user.UserProgram;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Regressions for defects found in review (issue 7, item 6). */
class DefectsTest {

    @Test
    void lstarIsNamedOnlyByTheSymbolAtItsValue() {
        Session s = Session.defaults();
        // IA32_LSTAR = entry_SYSCALL_64 (observed-linux-6.1.md): the code has that symbol there
        assertThat(s.code().symbolAt(0xffffffff81c00080L)).contains("entry_SYSCALL_64");
        s.setRegister(Reg.LSTAR, 0x1234);
        assertThat(s.code().symbolAt(0x1234)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void noExplanationHasAReferenceCutOutOfIt(KernelVersion v) {
        for (KernelConfig c : List.of(Runs.config(v), Runs.config(v).withKpti(true).withPcid(true),
                Runs.config(v).withKpti(false), Runs.config(v).withStackleak(true))) {
            for (Phase p : new Session(c, UserProgram.seedWrite()).code().phases()) {
                // a sentence that ends " ." once had a reference cut out of it ("writes CR3 back .")
                assertThat(p.explanation()).as(p.id()).doesNotContainPattern(" \\.( |$)").doesNotContain("  ")
                        .doesNotEndWith(" ");
            }
        }
    }

    @Test
    void gotoAndBreakSuggestTheSamePhaseForTheSameTypo() {
        Session s = Session.defaults();
        String typo = "exit.chek.cs";
        assertThat(Suggest.unknownPhase(typo, s.code())).contains("did you mean 'exit.check.cs'");
        assertThatThrownBy(() -> s.goTo(typo)).hasMessage(Suggest.unknownPhase(typo, s.code()));
        assertThatThrownBy(() -> s.addBreakpoint(typo)).hasMessage(Suggest.unknownPhase(typo, s.code()));
    }

    @ParameterizedTest
    @EnumSource(KernelVersion.class)
    void theXenPvSysretCheckHasOneIdOnEveryProfile(KernelVersion v) {
        Session s = new Session(Runs.config(v), UserProgram.seedWrite());
        assertThat(Runs.onPath(s, "exit.check.xen_pv")).isTrue();
        assertThat(s.code().phaseById("exit.xen_pv")).isEmpty();
    }

    @Test
    void hugeWordsAreNotTyposOfAnything() {
        assertThat(Suggest.closest("s".repeat(1 << 20), List.of("step", "stepi"))).isEmpty();
        assertThat(Suggest.closest("stpe", List.of("step", "stepi"))).contains("step");
    }
}
