package io.treebeard.query.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.cache.KeyType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HotnessTest {

    @Test
    void countsReadsPerIdAndOutcomesPerTypeAndDrainsThem() {
        Hotness hotness = new Hotness();
        hotness.record(KeyType.PLAN, "p1", true);
        hotness.record(KeyType.PLAN, "p1", false);
        hotness.record(KeyType.PLAN, "p2", true);
        hotness.record(KeyType.PROFILE, "u1", false);

        Map<KeyType, Hotness.Snapshot> drained = hotness.drain();

        assertThat(drained.get(KeyType.PLAN).readsById()).containsExactlyInAnyOrderEntriesOf(Map.of("p1", 2L, "p2", 1L));
        assertThat(drained.get(KeyType.PLAN).hits()).isEqualTo(2);
        assertThat(drained.get(KeyType.PLAN).misses()).isEqualTo(1);
        assertThat(drained.get(KeyType.PROFILE).misses()).isEqualTo(1);
        assertThat(drained).doesNotContainKey(KeyType.CATALOG);
        assertThat(hotness.drain()).isEmpty();
    }

    @Test
    void boundsTheDistinctIdsCountedBetweenFlushes() {
        Hotness hotness = new Hotness();
        for (int i = 0; i < Hotness.MAX_IDS_PER_FLUSH + 50; i++) {
            hotness.record(KeyType.PLAN, "p" + i, true);
        }
        Hotness.Snapshot plan = hotness.drain().get(KeyType.PLAN);
        assertThat(plan.readsById()).hasSize(Hotness.MAX_IDS_PER_FLUSH);
        assertThat(plan.hits()).isEqualTo(Hotness.MAX_IDS_PER_FLUSH + 50);
    }
}
