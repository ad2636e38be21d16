package dev.sysstep.app.teach;

import static dev.sysstep.app.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sysstep.app.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --record writes asciicast v2: a header, output events in time order, and a marker per phase. */
class RecordTest {
    @TempDir
    Path dir;

    @Test
    void aScriptIsRecordedWithAMarkerAtEachPhase() throws Exception {
        Path cast = dir.resolve("s.cast");
        Cli.Result r = cli().env("COLUMNS", "100").run("--record", cast.toString(), "-c", "step 3; echo done");
        assertThat(r.code()).isZero();
        ObjectMapper m = new ObjectMapper();
        List<String> lines = Files.readAllLines(cast);
        JsonNode header = m.readTree(lines.get(0));
        assertThat(header.get("version").asInt()).isEqualTo(2);
        assertThat(header.get("width").asInt()).isEqualTo(100);
        assertThat(header.get("height").asInt()).isPositive();
        assertThat(header.has("title")).isTrue();
        List<String> markers = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        double last = 0;
        for (String l : lines.subList(1, lines.size())) {
            JsonNode e = m.readTree(l);
            assertThat(e.get(0).asDouble()).isGreaterThanOrEqualTo(last);
            last = e.get(0).asDouble();
            if (e.get(1).asText().equals("m")) {
                markers.add(e.get(2).asText());
            } else {
                assertThat(e.get(1).asText()).isEqualTo("o");
                output.append(e.get(2).asText());
            }
        }
        assertThat(markers).containsExactly("user.prelude", "user.syscall", "entry.swapgs");
        assertThat(output.toString()).contains("[5] user.syscall").contains("done\r\n").isEqualTo(
                r.out().replace("\n", "\r\n"));
    }
}
