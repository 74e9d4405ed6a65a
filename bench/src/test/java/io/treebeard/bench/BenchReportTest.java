package io.treebeard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class BenchReportTest {

    private BenchReport report() {
        return new BenchReport("abc1234", Instant.parse("2026-11-25T10:00:00Z"))
                .atLeast("api.hit.capacity", "API HIT capacity", 40_000, "req/s", 35_000, "5,000 req/s")
                .atMost("freshness.p99.5000", "freshness p99 at 5,000 changes/s", 820, "ms", 500, null)
                .add("ingest.cdc.rate", "CDC events/s", Double.NaN, "events/s", null);
    }

    @Test
    void goalsAreJudgedFromTheMeasuredFigure() {
        assertThat(report().metrics()).extracting(BenchReport.Metric::met).containsExactly(true, false, null);
    }

    @Test
    void latestHasOneEntryPerMetricWithUnitAndHistoryAppends(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("performance.md");
        Files.writeString(md, "# P\n" + BenchReport.START + "\nold\n" + BenchReport.END + "\nmethod text\n");
        report().write(dir.resolve("results"), md);
        report().write(dir.resolve("results"), md);
        JsonNode latest = Json.mapper().readTree(dir.resolve("results/latest.json").toFile());
        assertThat(latest.get("commit").asString()).isEqualTo("abc1234");
        assertThat(latest.get("metrics")).hasSize(3);
        assertThat(latest.get("metrics").get(0).get("unit").asString()).isEqualTo("req/s");
        assertThat(latest.get("metrics").get(2).get("value").isNull()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("results/history.jsonl"))).hasSize(2);
        String markdown = Files.readString(md);
        assertThat(markdown).doesNotContain("old").contains("method text").contains("| API HIT capacity | 5,000 req/s | ≥ 35,000 req/s |")
                .contains("**820 ms** | **no**").contains("not measured");
    }

    @Test
    void aPerformanceFileWithoutMarkersIsRefused() {
        assertThatThrownBy(() -> report().withSummary("# no markers")).hasMessageContaining("markers");
    }
}
