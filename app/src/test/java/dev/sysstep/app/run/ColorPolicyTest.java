package dev.sysstep.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysstep.app.run.ColorPolicy.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --color, then NO_COLOR (no-color.org), CLICOLOR_FORCE, TERM=dumb, then whether it is a terminal. */
class ColorPolicyTest {

    @Test
    void autoColoursOnlyATerminal() {
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of(), true)).isTrue();
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of(), false)).isFalse();
    }

    @Test
    void noColorWinsInAutoModeWhenSetAndNotEmpty() {
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of("NO_COLOR", ""), true)).isTrue();
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of("NO_COLOR", "1", "CLICOLOR_FORCE", "1"), true)).isFalse();
    }

    @Test
    void clicolorForceColoursAPipe() {
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of("CLICOLOR_FORCE", "1"), false)).isTrue();
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of("CLICOLOR_FORCE", "0"), false)).isFalse();
    }

    @Test
    void dumbTerminalsGetNoColour() {
        assertThat(ColorPolicy.decide(Mode.AUTO, Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(ColorPolicy.decide(Mode.ALWAYS, Map.of("NO_COLOR", "1"), false)).isTrue();
        assertThat(ColorPolicy.decide(Mode.NEVER, Map.of("CLICOLOR_FORCE", "1"), true)).isFalse();
    }

    @Test
    void modesParseLikeGnuTools() {
        assertThat(Mode.parse("auto")).isEqualTo(Mode.AUTO);
        assertThat(Mode.parse("ALWAYS")).isEqualTo(Mode.ALWAYS);
        assertThat(Mode.parse("never")).isEqualTo(Mode.NEVER);
        assertThatThrownBy(() -> Mode.parse("sometimes")).hasMessageContaining("auto, always or never");
    }
}
