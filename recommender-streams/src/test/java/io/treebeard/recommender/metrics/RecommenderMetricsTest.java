package io.treebeard.recommender.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
            assertThat(meter.getId().getName()).startsWith("treebeard.recommender.").matches("[a-z.]+");
            assertThat(meter.getId().getDescription()).isNotBlank();
            assertThat(meter.getId().getBaseUnit()).isNotBlank();
        }
    }
}
