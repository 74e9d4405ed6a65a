package io.treebeard.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.ingest.capture.ChangeMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final List<String> TABLES = List.of(ChangeMapper.PLANS_TABLE, ChangeMapper.PROFILES_TABLE, ChangeMapper.USAGE_TABLE);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void bind() {
        metrics.bindTo(registry);
    }

    @Test
    void capturedEventsAreCountedPerSourceTableWithOneMeterPerTable() {
        List<FunctionCounter> counters = List.copyOf(registry.find("treebeard.ingest.capture.events").functionCounters());

        assertThat(counters).hasSize(3);
        assertThat(counters).extracting(c -> c.getId().getTag("table")).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(counters).allSatisfy(c -> {
            assertThat(c.getId().getDescription()).isNotBlank();
            assertThat(c.getId().getBaseUnit()).isEqualTo("events");
        });
    }

    @Test
    void eachCapturedChangeMovesOnlyItsTablesCounter() {
        metrics.captured(ChangeMapper.PLANS_TABLE, NOW);
        metrics.captured(ChangeMapper.USAGE_TABLE, NOW);
        metrics.captured(ChangeMapper.USAGE_TABLE, NOW);

        assertThat(events(ChangeMapper.PLANS_TABLE)).isEqualTo(1.0);
        assertThat(events(ChangeMapper.PROFILES_TABLE)).isZero();
        assertThat(events(ChangeMapper.USAGE_TABLE)).isEqualTo(2.0);
        assertThat(metrics.capturedCount(ChangeMapper.USAGE_TABLE)).isEqualTo(2);
    }

    @Test
    void aChangeOfAnUnknownTableCountsForNoTable() {
        metrics.captured("public.recommendations", NOW);

        assertThat(TABLES).allSatisfy(t -> assertThat(events(t)).isZero());
        assertThat(registry.find("treebeard.ingest.capture.events").tag("table", "public.recommendations").meter()).isNull();
    }

    @Test
    void changesRecordedBeforeBindingAreExposed() {
        IngestMetrics early = new IngestMetrics(Clock.fixed(NOW, ZoneOffset.UTC));
        early.captured(ChangeMapper.PROFILES_TABLE, NOW);
        early.deadLetter();
        early.rowsWritten(7);
        SimpleMeterRegistry late = new SimpleMeterRegistry();

        early.bindTo(late);

        assertThat(late.get("treebeard.ingest.capture.events").tag("table", ChangeMapper.PROFILES_TABLE).functionCounter().count())
                .isEqualTo(1.0);
        assertThat(late.get("treebeard.ingest.capture.dlq.events").functionCounter().count()).isEqualTo(1.0);
        assertThat(late.get("treebeard.ingest.api.written.rows").functionCounter().count()).isEqualTo(7.0);
    }

    @Test
    void deadLettersAreCounted() {
        FunctionCounter counter = registry.get("treebeard.ingest.capture.dlq.events").functionCounter();
        assertThat(counter.count()).isZero();

        metrics.deadLetter();
        metrics.deadLetter();

        assertThat(counter.count()).isEqualTo(2.0);
        assertThat(metrics.deadLetterCount()).isEqualTo(2);
        assertThat(counter.getId().getDescription()).contains("treebeard.dlq.ingest");
        assertThat(counter.getId().getBaseUnit()).isEqualTo("events");
    }

    @Test
    void engineRestartsAreCounted() {
        FunctionCounter counter = registry.get("treebeard.ingest.capture.restarts").functionCounter();

        metrics.restarted();

        assertThat(counter.count()).isEqualTo(1.0);
        assertThat(counter.getId().getDescription()).isNotBlank();
        assertThat(counter.getId().getBaseUnit()).isEqualTo("restarts");
    }

    @Test
    void behindSourceIsTheDelayFromTheLastCommitToNowInMilliseconds() {
        Gauge gauge = registry.get("treebeard.ingest.capture.behind.source").gauge();
        assertThat(gauge.value()).as("nothing captured yet").isZero();

        metrics.captured(ChangeMapper.PLANS_TABLE, NOW.minus(Duration.ofMinutes(2)));
        assertThat(gauge.value()).isEqualTo(120_000.0);

        metrics.captured(ChangeMapper.USAGE_TABLE, NOW.minusMillis(1_500));
        assertThat(gauge.value()).as("the last captured change counts").isEqualTo(1_500.0);

        assertThat(gauge.getId().getBaseUnit()).isEqualTo("milliseconds");
        assertThat(gauge.getId().getDescription()).isNotBlank();
    }

    @Test
    void runningIsOneWhileTheEngineStreamsAndZeroOtherwise() {
        Gauge gauge = registry.get("treebeard.ingest.capture.running").gauge();
        assertThat(gauge.value()).isZero();

        metrics.running(true);
        assertThat(gauge.value()).isEqualTo(1.0);

        metrics.running(false);
        assertThat(gauge.value()).isZero();
        assertThat(gauge.getId().getDescription()).isNotBlank();
    }

    @Test
    void rowsWrittenByTheApiAreCounted() {
        FunctionCounter counter = registry.get("treebeard.ingest.api.written.rows").functionCounter();

        metrics.rowsWritten(10_000);
        metrics.rowsWritten(1);

        assertThat(counter.count()).isEqualTo(10_001.0);
        assertThat(counter.getId().getDescription()).isNotBlank();
        assertThat(counter.getId().getBaseUnit()).isEqualTo("rows");
    }

    @Test
    void apiRequestsAreTimedPerEndpointAndOutcome() {
        Timer created = metrics.requestTimer("POST /api/v1/usage", "2xx");
        created.record(25, TimeUnit.MILLISECONDS);
        metrics.requestTimer("POST /api/v1/usage", "2xx").record(15, TimeUnit.MILLISECONDS);
        metrics.requestTimer("POST /api/v1/usage", "4xx").record(1, TimeUnit.MILLISECONDS);

        Timer ok = registry.get("treebeard.ingest.api.request").tag("endpoint", "POST /api/v1/usage").tag("outcome", "2xx").timer();
        assertThat(ok).isSameAs(created);
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        assertThat(ok.getId().getDescription()).isNotBlank();
        assertThat(registry.get("treebeard.ingest.api.request").tag("outcome", "4xx").timer().count()).isEqualTo(1);
    }

    @Test
    void aRequestTimerNeedsABoundRegistry() {
        IngestMetrics unbound = new IngestMetrics(Clock.systemUTC());

        assertThatThrownBy(() -> unbound.requestTimer("GET /api/v1/x", "2xx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyMeterIsUnderTreebeardIngestAndDescribed() {
        metrics.requestTimer("PUT /api/v1/plans/{planId}", "2xx");

        List<Meter> meters = registry.getMeters();

        assertThat(meters).extracting(m -> m.getId().getName()).containsOnly(
                "treebeard.ingest.capture.events", "treebeard.ingest.capture.dlq.events", "treebeard.ingest.capture.restarts",
                "treebeard.ingest.capture.behind.source", "treebeard.ingest.capture.running", "treebeard.ingest.api.written.rows",
                "treebeard.ingest.api.request", "treebeard.ingest.capture.publish.retries", "treebeard.ingest.capture.resnapshots",
                "treebeard.ingest.capture.reconciled.deletes", "treebeard.ingest.capture.freshness",
                "treebeard.ingest.capture.freshness.percentile", "treebeard.ingest.replication.slot.lag");
        // (not the gauges Micrometer derives from a timer's published percentiles; the timer itself is checked)
        assertThat(meters).filteredOn(m -> !m.getId().getName().endsWith(".percentile"))
                .allSatisfy(m -> assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank());
    }

    private double events(String table) {
        return registry.get("treebeard.ingest.capture.events").tag("table", table).functionCounter().count();
    }
}
