package io.treebeard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/performance.md's method section states the rates, durations, timeouts, sample sizes and order the code runs. */
class MethodDocTest {

    private static final Path PERFORMANCE_MD = Path.of("..", "docs", "performance.md");

    @Test
    void theMethodSectionIsTheOneGeneratedFromThePhasesConstants() throws IOException {
        String markdown = Files.readString(PERFORMANCE_MD);
        int start = markdown.indexOf(MethodDoc.START);
        int end = markdown.indexOf(MethodDoc.END);
        assertThat(start).as("method markers in docs/performance.md").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String section = markdown.substring(start + MethodDoc.START.length(), end).strip();
        assertThat(section).as("docs/performance.md's method section; regenerate it with `bench method`")
                .isEqualTo(MethodDoc.render().strip());
    }

    @Test
    void theGeneratedTextFollowsTheConstants() {
        String text = MethodDoc.render();
        for (Phase phase : Suite.ORDER) {
            assertThat(text).contains("(`" + phase.name());
        }
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "%,d keep-alive HTTP/1.1 connections", ConnectionsPhase.CONNECTIONS))
                .contains(SustainedRatePhase.STEP_SECONDS + " s per step")
                .contains("not served " + SustainedRatePhase.GIVE_UP_SECONDS + " s after its commit")
                .contains(HitPathPhase.CONNECTIONS + " keep-alive connections, closed loop (capacity) for " + HitPathPhase.CAPACITY_SECONDS
                        + " s after " + HitPathPhase.WARMUP_SECONDS + " s");
        // The order is written once: the numbered items follow Suite.ORDER.
        int previous = -1;
        for (Phase phase : Suite.ORDER) {
            int at = text.indexOf("(`" + phase.name() + "`");
            assertThat(at).isGreaterThan(previous);
            previous = at;
        }
    }
}
