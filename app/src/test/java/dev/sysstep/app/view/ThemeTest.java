package dev.sysstep.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 11, point 13: nothing a reader needs is only grey (ESC[90m) or dark blue (ESC[34m), in any theme. */
class ThemeTest {
    @ParameterizedTest
    @EnumSource(Theme.class)
    void noStyleIsGreyOrDarkBlue(Theme theme) {
        for (Style s : Style.values()) {
            Doc d = new Doc();
            d.line().add("text", s);
            String out = new Renderer(true, theme, () -> 0).render(d);
            assertThat(out).as("%s in %s", s, theme).doesNotContain("\u001b[90m").doesNotContain("\u001b[34m")
                    .doesNotContain(";90m").doesNotContain(";34m").contains("text");
        }
    }

    @ParameterizedTest
    @EnumSource(Theme.class)
    void passAndFailStillDiffer(Theme theme) {
        Doc pass = Doc.of("x", Style.PASS);
        Doc fail = Doc.of("x", Style.FAIL);
        Renderer r = new Renderer(true, theme, () -> 0);
        assertThat(r.render(pass)).isNotEqualTo(r.render(fail));
    }

    @Test
    void themesAreNamedAsTheOptionTakesThem() {
        assertThat(Theme.byName("high-contrast")).contains(Theme.HIGH_CONTRAST);
        assertThat(Theme.byName("Light")).contains(Theme.LIGHT);
        assertThat(Theme.byName("sepia")).isEmpty();
    }
}
