package io.treebeard.projector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.projector.redis.WriteOutcome;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProjectorMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final ProjectorMetrics metrics = new ProjectorMetrics(Clock.fixed(NOW, ZoneOffset.UTC));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void writesAreCountedPerTypeAndOutcome() {
        metrics.bindTo(registry);
        metrics.write(KeyType.RECOMMENDATION, WriteOutcome.WRITTEN, 3);
        metrics.write(KeyType.RECOMMENDATION, WriteOutcome.REJECTED, 2);
        metrics.write(KeyType.CATALOG, WriteOutcome.WRITTEN, 1);

        assertThat(registry.get("treebeard.projector.writes").tag("type", "rec").tag("outcome", "written").functionCounter().count())
                .isEqualTo(3);
        assertThat(registry.get("treebeard.projector.writes").tag("type", "rec").tag("outcome", "rejected").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("treebeard.projector.writes").tag("type", "catalog").tag("outcome", "written").functionCounter()
                .count()).isEqualTo(1);
        assertThat(registry.get("treebeard.projector.writes").tag("type", "profile").tag("outcome", "deleted").functionCounter()
                .count()).isZero();
    }

    @Test
    void redisAndReadModelFreshnessAreTimersWithHistogramsAndTheGroupLagIsAGaugePerTopic() {
        GroupLag lag = new GroupLag("cache-projector", List.of(Topics.RECOMMENDATIONS.name()));
        ProjectorMetrics withLag = new ProjectorMetrics(Clock.fixed(NOW, ZoneOffset.UTC), lag);
        withLag.redisWritten(KeyType.RECOMMENDATION, NOW.toEpochMilli() - 5, NOW.toEpochMilli());
        withLag.bindTo(registry);
        long now = withLag.nowMillis();

        withLag.redisWritten(KeyType.RECOMMENDATION, now - 120, now);
        withLag.redisWritten(KeyType.PROFILE, now + 30, now);
        withLag.readModelWritten(now - 400, now);

        Timer rec = registry.get("treebeard.projector.redis.freshness").tag("type", "rec").timer();
        assertThat(rec.count()).as("recorded after binding only").isEqualTo(1);
        assertThat(rec.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120.0);
        assertThat(rec.takeSnapshot().percentileValues()).as("p50 and p99 published").hasSize(2);
        Timer profile = registry.get("treebeard.projector.redis.freshness").tag("type", "profile").timer();
        assertThat(profile.count()).isEqualTo(1);
        assertThat(profile.totalTime(TimeUnit.MILLISECONDS)).as("a commit after now counts as 0").isZero();
        assertThat(registry.get("treebeard.projector.readmodel.freshness").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400.0);
        assertThat(registry.find("treebeard.projector.redis.freshness").tag("type", "catalog").timer())
                .as("catalogs are the follower's, not timed").isNull();
        assertThat(registry.get("treebeard.consumer.lag.records").tag("group", "cache-projector")
                .tag("topic", Topics.RECOMMENDATIONS.name()).gauge().value()).isNaN();
        assertThat(registry.get("treebeard.consumer.lag.seconds").tag("group", "cache-projector")
                .tag("topic", Topics.RECOMMENDATIONS.name()).gauge()).isNotNull();
    }

    @Test
    void pauseRebuildLagAndAgeAreGauges() {
        metrics.bindTo(registry);
        metrics.paused(true);
        metrics.rebuildStarted(100);
        metrics.rebuildKeys(40);
        metrics.lag(Topics.RECOMMENDATIONS.name(), 7);
        metrics.projected(NOW.minusMillis(250));
        metrics.projected(NOW.minusMillis(900));

        assertThat(registry.get("treebeard.projector.paused").gauge().value()).isEqualTo(1);
        assertThat(registry.get("treebeard.projector.rebuild.running").gauge().value()).isEqualTo(1);
        assertThat(registry.get("treebeard.projector.rebuild.keys").gauge().value()).isEqualTo(40);
        assertThat(registry.get("treebeard.projector.rebuild.total").gauge().value()).isEqualTo(100);
        assertThat(registry.get("treebeard.projector.lag.records").tag("topic", Topics.RECOMMENDATIONS.name()).gauge().value())
                .isEqualTo(7);
        // The older change arrived later: the age stays that of the newest change.
        assertThat(registry.get("treebeard.projector.end.to.end.age").gauge().value()).isEqualTo(250);

        metrics.paused(false);
        metrics.rebuildEnded();
        assertThat(registry.get("treebeard.projector.paused").gauge().value()).isZero();
        assertThat(registry.get("treebeard.projector.rebuild.running").gauge().value()).isZero();
    }

    @Test
    void everyMeterHasADescriptionAndLivesUnderTreebeardProjector() {
        metrics.bindTo(registry);
        metrics.deadLetter();
        assertThat(registry.get("treebeard.projector.dlq.records").functionCounter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(m -> {
            assertThat(m.getId().getName()).startsWith("treebeard.projector.");
            if (!m.getId().getName().endsWith(".percentile")) {
                // (not the gauges Micrometer derives from a timer's published percentiles; the timer itself is checked)
                assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
            }
        });
    }
}
