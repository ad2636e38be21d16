package dev.sysstep.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysstep.core.code.Outcome;
import dev.sysstep.core.code.PhaseKind;
import dev.sysstep.core.cpu.Reg;
import dev.sysstep.core.cpu.Vendor;
import dev.sysstep.core.kernel.KernelConfig;
import dev.sysstep.core.kernel.KernelVersion;
import dev.sysstep.core.kernel.Mitigation;
import dev.sysstep.core.session.Session;
import dev.sysstep.core.session.Step;
import dev.sysstep.core.user.UserProgram;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every switch on every profile, and what each switch changes (product.md §2, reference §1). */
class SwitchesTest {

    @Test
    void theSeedWriteWorksOnEveryProfileAndSwitchCombination() {
        for (KernelConfig c : Runs.allSwitchCombinations()) {
            Session s = Runs.run(c, UserProgram.seedWrite());
            assertThat(s.result().orElseThrow().outcome().kind()).as(c.toString()).isEqualTo(Outcome.Kind.SYSRET);
            assertThat(s.result().orElseThrow().ret()).as(c.toString()).hasValue(3);
            assertThat(new String(s.result().orElseThrow().terminal(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
            assertThat(s.state().cpu().get(Reg.CR3)).isEqualTo(s.state(0).cpu().get(Reg.CR3));
        }
    }

    private static List<String> asmTexts(KernelConfig c) {
        return Runs.steps(Runs.run(c, UserProgram.seedWrite())).stream()
                .filter(st -> st.phase().kind() != PhaseKind.C).map(st -> st.insn().text()).toList();
    }

    @Test
    void kptiOffRemovesEveryCr3Write() {
        for (KernelVersion v : KernelVersion.values()) {
            assertThat(asmTexts(Runs.config(v).withKpti(false))).noneMatch(t -> t.contains("%cr3"));
            assertThat(asmTexts(Runs.config(v).withKpti(true))).filteredOn(t -> t.startsWith("mov") && t.endsWith("%cr3"))
                    .hasSize(2);
        }
    }

    @Test
    void pcidOnlyChangesTheCr3Handling() {
        List<String> on = asmTexts(KernelConfig.defaults().withPcid(true));
        List<String> off = asmTexts(KernelConfig.defaults().withPcid(false));
        assertThat(on.stream().filter(t -> t.contains("btsq $63"))).hasSize(2);
        assertThat(off.stream().filter(t -> t.contains("btsq $63"))).isEmpty();
        assertThat(on).contains("btq %rdi, %gs:0x31556");
    }

    @Test
    void mitigationsOnIntelAreVerwAndIndividualSwitchesPatchTheirSites() {
        KernelConfig intel = KernelConfig.defaults();
        assertThat(intel.mitigations()).containsExactly(Mitigation.VERW);
        assertThat(asmTexts(intel)).contains("verw x86_verw_sel(%rip)").doesNotContain("wrmsr");
        List<String> ibrs = asmTexts(intel.withMitigation(Mitigation.IBRS, true));
        assertThat(ibrs.stream().filter("wrmsr"::equals)).hasSize(2);
        Session s = Runs.run(intel.withMitigation(Mitigation.IBRS, true), UserProgram.seedWrite());
        assertThat(Runs.stateAfter(s, "entry.ibrs_enter").cpu().get(Reg.SPEC_CTRL)).isEqualTo(1);
        assertThat(s.state().cpu().get(Reg.SPEC_CTRL)).isZero();
        assertThat(asmTexts(intel.withMitigation(Mitigation.BHI, true))).contains("call clear_bhb_loop");
        assertThat(asmTexts(KernelConfig.defaults().withVendor(Vendor.AMD))).contains("call entry_untrain_ret")
                .doesNotContain("verw x86_verw_sel(%rip)");
        assertThat(asmTexts(intel.withMitigations(java.util.EnumSet.noneOf(Mitigation.class))))
                .doesNotContain("verw x86_verw_sel(%rip)");
    }

    @Test
    void stackleakAddsTheEraseOnTheTrampolineStack() {
        Session s = Runs.run(KernelConfig.defaults().withStackleak(true), UserProgram.seedWrite());
        assertThat(Runs.onPath(s, "exit.stackleak")).isTrue();
        List<Step> steps = Runs.steps(s);
        assertThat(steps).anyMatch(st -> st.insn().text().equals("call stackleak_erase"));
        assertThat(s.result().orElseThrow().ret()).hasValue(3);
        assertThat(Runs.onPath(Runs.run(KernelConfig.defaults(), UserProgram.seedWrite()), "exit.stackleak")).isFalse();
    }

    @Test
    void fiveFourteenPopsR11AndRcxSlotsIntoRsi() {
        Session s = Runs.run(Runs.config(KernelVersion.V5_14), UserProgram.seedWrite());
        List<String> pops = Runs.steps(s).stream().filter(st -> st.phase().id().equals("exit.pop_regs"))
                .map(st -> st.insn().text()).toList();
        assertThat(pops).containsExactly("popq %r15", "popq %r14", "popq %r13", "popq %r12", "popq %rbp", "popq %rbx",
                "popq %rsi", "popq %r10", "popq %r9", "popq %r8", "popq %rax", "popq %rsi", "popq %rdx", "popq %rsi");
    }
}
