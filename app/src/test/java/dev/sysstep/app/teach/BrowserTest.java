package dev.sysstep.app.teach;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML handout in a real browser: Debian's chromium, headless. Skipped, with the reason printed,
 * where chromium is not installed (.ci/run installs it; `apt-get install chromium` does by hand).
 */
class BrowserTest {
    @TempDir
    Path dir;

    private static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    private String run(Path browser, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8) + "\n--stderr--\n" + err;
    }

    @Test
    void theHandoutRendersWithOneSectionPerPhaseAndNoConsoleErrors() throws Exception {
        Path browser = chromium();
        if (browser == null) {
            System.out.println("BrowserTest skipped: chromium is not installed (apt-get install chromium; .ci/run does it)");
        }
        assumeTrue(browser != null, "chromium is not installed");
        Path html = dir.resolve("exit.html");
        assertThat(cli().run("export", "--format", "html", "-o", html.toString(), "lesson", "exit").code()).isZero();
        int sections = Jsoup.parse(html.toFile()).select("section.phase").size();

        Path shot = dir.resolve("shot.png");
        String shotLog = run(browser, "--window-size=412,900", "--enable-logging=stderr", "--v=0",
                "--screenshot=" + shot, html.toUri().toString());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img.getWidth()).isEqualTo(412);
        // not blank: the page paints more than one colour, and a fair share of non-white pixels
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) {
                    dark++;
                }
            }
        }
        assertThat(dark).isGreaterThan(1000);
        assertThat(shotLog).doesNotContain("CONSOLE(").doesNotContainIgnoringCase("Uncaught");

        String dom = run(browser, "--dump-dom", html.toUri().toString());
        assertThat(Jsoup.parse(dom).select("section.phase")).hasSize(sections);
        assertThat(sections).isGreaterThan(50);
    }
}
