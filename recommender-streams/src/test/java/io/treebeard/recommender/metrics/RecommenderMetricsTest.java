package io.treebeard.recommender.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.schemas.topic.GroupLag;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecommenderMetricsTest {

    @Test
    void everyMeterIsUnderTreebeardWithADescriptionAndCountsWhatWasRecorded() {
        RecommenderMetrics metrics = new RecommenderMetrics();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);

        metrics.processed(RecommenderMetrics.Input.USAGE);
        metrics.recomputed(RecommenderMetrics.Cause.PLAN);
        metrics.recomputed(RecommenderMetrics.Cause.PLAN);
        metrics.emitted();
        metrics.suppressed();
        metrics.deadLetter();
        metrics.rescoredOnly();
        metrics.pendingFanouts("0_0", 2);
        metrics.pendingFanouts("0_1", 1);
        metrics.pendingFanouts("0_1", 0);

        assertThat(registry.get("treebeard.recommender.processed.records").tag("input", "usage").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("treebeard.recommender.recomputations").tag("cause", "plan").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("treebeard.recommender.emitted.documents").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.recommender.suppressed.documents").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.recommender.topn.rescored.users").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.recommender.dlq.records").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.recommender.fanout.pending").gauge().value()).isEqualTo(2);
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            assertThat(name).startsWith("treebeard.recommender.").matches("[a-z._]+");
            if (name.endsWith(".percentile")) {
                // The gauges Micrometer derives from a timer's published percentiles (the timer itself is checked).
                continue;
            }
            assertThat(meter.getId().getDescription()).as(name).isNotBlank();
            if (meter instanceof Timer) {
                // A timer's unit is the registry's base time unit: seconds on the Prometheus endpoint.
                continue;
            }
            assertThat(meter.getId().getBaseUnit()).as(name).isNotBlank();
        }
    }

    @Test
    void outputFreshnessIsTimedPerOutputAndTheGroupLagIsAGaugePerTopic() {
        GroupLag lag = new GroupLag("recommender", List.of("treebeard.usage", "recommender-plan-broadcast-repartition"));
        RecommenderMetrics metrics = new RecommenderMetrics(lag);
        metrics.outputFreshness(RecommenderMetrics.Output.RECOMMENDATION, 10);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);

        metrics.outputFreshness(RecommenderMetrics.Output.RECOMMENDATION, 250);

        Timer timer = registry.get("treebeard.recommender.output.freshness").tag("output", "recommendation").timer();
        assertThat(timer.count()).as("recorded after binding only").isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
        assertThat(registry.get("treebeard.recommender.output.freshness").tag("output", "usage_analysis").timer().count()).isZero();
        Gauge records = registry.get("treebeard.consumer.lag.records").tag("group", "recommender").tag("topic", "treebeard.usage")
                .gauge();
        assertThat(records.value()).as("not sampled yet").isNaN();
        assertThat(records.getId().getBaseUnit()).isEqualTo("records");
        assertThat(registry.get("treebeard.consumer.lag.seconds").tag("topic", "recommender-plan-broadcast-repartition").gauge()
                .getId().getBaseUnit()).isEqualTo("seconds");
    }
}
