package io.treebeard.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class SnapshotReconciliationTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final CaptureGap GAP = new CaptureGap(CaptureGap.Cause.SLOT_MISSING, "slot", 100L, null, null, NOW);

    private final Map<String, Map<String, Object>> topics = new HashMap<>();
    private final SnapshotReconciliation reconciliation = new SnapshotReconciliation(new SnapshotReconciliation.CompactedTopics() {
        @Override
        @SuppressWarnings("unchecked")
        public <V> Map<String, V> lastValues(Topic<String, V> topic, Set<String> skip) {
            Map<String, V> values = new HashMap<>();
            topics.getOrDefault(topic.name(), Map.of()).forEach((k, v) -> {
                if (!skip.contains(k)) {
                    values.put(k, (V) v);
                }
            });
            return values;
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void keysLiveInTheTopicsButAbsentFromTheSnapshotGetADeleteWithTheLastRowAndATombstoneAtTheSnapshotLsn() {
        topics.put(Topics.PLANS.name(), new HashMap<>(Map.of("p-kept", live(plan("p-kept")), "p-gone", live(plan("p-gone")))));
        Map<String, Object> profiles = new HashMap<>();
        profiles.put("u-gone", new ProfileChange(ChangeOp.CREATE, "u-gone", null, profile("u-gone"), position(10)));
        profiles.put("u-deleted-before", null);
        topics.put(Topics.PROFILES.name(), profiles);

        reconciliation.starting(GAP);
        reconciliation.snapshotRow(ChangeMapper.PLANS_TABLE, "p-kept", 500, null);
        reconciliation.snapshotRow(ChangeMapper.PROFILES_TABLE, "u-kept", 500, null);
        reconciliation.snapshotRow(ChangeMapper.USAGE_TABLE, "u-gone", 500, null);
        SnapshotReconciliation.Finished finished = reconciliation.finish(900, table -> false);

        assertThat(finished.gap()).isEqualTo(GAP);
        assertThat(finished.snapshotLsn()).isEqualTo(500);
        assertThat(finished.deletedKeys()).isEqualTo(2);
        List<ProducerRecord<String, byte[]>> deletes = finished.deletes();
        PlanChange planDelete = Topics.PLANS.valueSerde().deserializer().deserialize(Topics.PLANS.name(), deletes.get(0).value());
        assertThat(deletes.get(0).key()).isEqualTo("p-gone");
        assertThat(planDelete.op()).isEqualTo(ChangeOp.DELETE);
        assertThat(planDelete.before().planId()).isEqualTo("p-gone");
        assertThat(planDelete.after()).isNull();
        assertThat(planDelete.source()).isEqualTo(new SourcePosition(500, null, NOW, true));
        assertThat(deletes.get(1).key()).isEqualTo("p-gone");
        assertThat(deletes.get(1).value()).as("tombstone").isNull();
        assertThat(deletes.get(2).key()).as("a reading does not keep a profile alive").isEqualTo("u-gone");
        assertThat(deletes.get(2).topic()).isEqualTo(Topics.PROFILES.name());
        assertThat(reconciliation.inSnapshot()).isFalse();
    }

    @Test
    void aSnapshotWithoutRowsOfATableOnlyReconcilesItWhenTheTableIsReallyEmpty() {
        topics.put(Topics.PLANS.name(), new HashMap<>(Map.of("p-1", live(plan("p-1")))));
        topics.put(Topics.PROFILES.name(), new HashMap<>(Map.of(
                "u-1", new ProfileChange(ChangeOp.CREATE, "u-1", null, profile("u-1"), position(10)))));

        reconciliation.starting(GAP);
        SnapshotReconciliation.Finished finished = reconciliation.finish(900,
                table -> table.equals(ChangeMapper.PROFILES_TABLE));

        assertThat(finished.snapshotLsn()).as("no snapshot row: the first streamed LSN").isEqualTo(900);
        assertThat(finished.deletes()).extracting(ProducerRecord::key).containsExactly("u-1", "u-1");
    }

    @Test
    void anUnplannedSnapshotIsReconciledTooAndAnInterruptedOneKeepsItsCauseAcrossARestart() {
        CaptureGap observed = new CaptureGap(CaptureGap.Cause.SNAPSHOT_OBSERVED, "slot", null, null, null, NOW);
        reconciliation.starting(null);
        assertThat(reconciliation.inSnapshot()).isFalse();

        reconciliation.snapshotRow(ChangeMapper.PLANS_TABLE, "p-1", 10, observed);
        assertThat(reconciliation.inSnapshot()).isTrue();
        assertThat(reconciliation.gap()).isEqualTo(observed);

        reconciliation.starting(GAP);
        reconciliation.starting(null);
        assertThat(reconciliation.gap()).as("the engine restarted mid-snapshot").isEqualTo(GAP);
        assertThat(reconciliation.inSnapshot()).isTrue();
    }

    private static PlanChange live(Plan plan) {
        return new PlanChange(ChangeOp.CREATE, plan.planId(), null, plan, position(10));
    }

    private static SourcePosition position(long lsn) {
        return new SourcePosition(lsn, 1L, NOW, false);
    }

    private static Plan plan(String id) {
        return new Plan(id, "A", "Name", List.of("R"), true, new RateStructure(0, new RateStructure.Flat(0.1), List.of(), null),
                new BigDecimal("5.00"), 0, new BigDecimal("0.00"), NOW);
    }

    private static UserProfile profile(String id) {
        return new UserProfile(id, "R", null, null, Preferences.NONE, NOW);
    }
}
