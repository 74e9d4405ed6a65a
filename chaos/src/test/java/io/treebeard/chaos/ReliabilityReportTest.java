package io.treebeard.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReliabilityReportTest {

    @Test
    void everyFaultRunIsATableRowAndFailuresAreSpelledOut() {
        Window during = new Window("REDIS_KILL during");
        during.write("api-usage", Outcome.ACKNOWLEDGED);
        during.write("sql-usage", Outcome.ERRORED);
        during.read("200 BYPASS");
        during.read("503 retry-after");
        FaultRun ok = new FaultRun(Fault.PROJECTOR_KILL, 1, Duration.ofSeconds(5), new Window("x"), List.of(), List.of(), true,
                Duration.ofMillis(1500), "", List.of());
        FaultRun bad = new FaultRun(Fault.REDIS_KILL, 1, Duration.ofSeconds(4), during, List.of("u:cu-001:2026-01-01: source holds a"),
                List.of(), false, Duration.ofSeconds(180), "drift: audit: DRIFT", Chaos.violations(Fault.REDIS_KILL, during));
        Fuzzer.Result fuzz = new Fuzzer.Result(2, Map.of("ingest", Map.of(400, 1), "query", Map.of(414, 1)), 0, 1,
                Map.of("query 414 (no content type)", 1), 0, 0, 0, List.of());
        ReliabilityReport.Run run = new ReliabilityReport.Run("abc123", "2026-12-03T14:00:00Z", Duration.ofSeconds(95),
                ChaosOptions.parse(new String[] {"chaos", "--scale", "0.2"}), List.of(ok, bad), List.of(), 10, Map.of("acknowledged", 2L),
                fuzz, true, "audit: no drift", false);

        String md = ReliabilityReport.markdown(run);

        assertThat(md).contains("commit `abc123`", "**FAIL**", "| kill -9 of cache-projector",
                "| kill -9 of Redis (restarted empty) | 1 | 0 |",
                "**not reached**", "2 (1 / 0 / 1)", "{503 retry-after=1}", "1 lost, e.g. `u:cu-001:2026-01-01: source holds a`",
                "reads failed while Redis was down", "| 5xx answers (must be 0) | 0 |", "## Guarantees", "## How to rerun");
    }
}
