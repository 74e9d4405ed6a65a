package io.treebeard.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class BroadcastPartitionerTest {

    @Test
    void everyPlanChangeGoesToEveryPartition() {
        assertThat(RecommenderTopology.<String>toEveryPartition().partitions("t", "plan-1", "v", 6))
                .hasValueSatisfying(p -> assertThat(p).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5));
    }

    @Test
    void topologyNamesEveryStoreAndTheBroadcastRepartition() {
        String description = RecommenderTopology.buildTopology(RecommenderTopology.Topics.contract(),
                new RecommenderTopology.Settings(3, Clock.systemUTC(), new RecommenderMetrics())).describe().toString();

        assertThat(description).contains("plan-broadcast-repartition", "usage-processor", "profile-processor", "plan-processor");
        for (String store : RecommenderTopology.storeNames()) {
            assertThat(description).contains(store);
        }
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    }
}
