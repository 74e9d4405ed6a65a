package io.treebeard.ingest.capture;

import static io.treebeard.ingest.capture.DebeziumRecords.FLAT_RATES;
import static io.treebeard.ingest.capture.DebeziumRecords.TIERED_RATES;
import static io.treebeard.ingest.capture.DebeziumRecords.UPDATED_AT;
import static io.treebeard.ingest.capture.DebeziumRecords.change;
import static io.treebeard.ingest.capture.DebeziumRecords.planRow;
import static io.treebeard.ingest.capture.DebeziumRecords.profileRow;
import static io.treebeard.ingest.capture.DebeziumRecords.source;
import static io.treebeard.ingest.capture.DebeziumRecords.usageRow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant COMMIT = Instant.parse("2026-11-25T10:00:00.123456Z");
    /** {@link #COMMIT} in microseconds since the epoch, as in {@code source.ts_us}. */
    private static final long COMMIT_US = 1_795_600_800_123_456L;
    private static final long LSN = 987_654_321L;
    private static final long TX_ID = 4242L;

    private final ChangeMapper mapper = new ChangeMapper(Clock.fixed(NOW, ZoneOffset.UTC));

    // ---- plans -------------------------------------------------------------------------------------------------

    @Test
    void aNewPlanIsPublishedOnThePlansTopicKeyedByPlanIdWithEveryColumn() {
        SourceRecord record = change("c", null, planRow("p-1", FLAT_RATES), source("plan_catalog", LSN, TX_ID, COMMIT_US));

        ProducerRecord<String, byte[]> published = single(publish(record, ChangeMapper.PLANS_TABLE));

        assertThat(published.topic()).isEqualTo("treebeard.plans");
        assertThat(published.key()).isEqualTo("p-1");
        PlanChange value = value(Topics.PLANS, published);
        assertThat(value.op()).isEqualTo(ChangeOp.CREATE);
        assertThat(value.planId()).isEqualTo("p-1");
        assertThat(value.before()).isNull();
        Plan plan = value.after();
        assertThat(plan.planId()).isEqualTo("p-1");
        assertThat(plan.provider()).isEqualTo("Acme Energy");
        assertThat(plan.name()).isEqualTo("Acme Flat 12");
        assertThat(plan.availableRegions()).containsExactly("TX-NORTH", "TX-SOUTH");
        assertThat(plan.isActive()).isTrue();
        assertThat(plan.rateStructure()).isEqualTo(new RateStructure(4.95, new RateStructure.Flat(0.129), List.of(), null));
        assertThat(plan.renewablePercentage()).isEqualByComparingTo("35.50");
        assertThat(plan.contractMonths()).isEqualTo(12);
        assertThat(plan.earlyTerminationFee()).isEqualByComparingTo("150.00");
        assertThat(plan.updatedAt()).isEqualTo(Instant.parse(UPDATED_AT));
        assertThat(value.source()).isEqualTo(new SourcePosition(LSN, TX_ID, COMMIT, false));
        assertThat(CommitTimeHeader.read(published.headers())).isEqualTo(COMMIT_US / 1000);
    }

    @Test
    void anUpdatedPlanCarriesTheRowBeforeAndAfterTheChange() {
        Struct before = planRow("p-1", FLAT_RATES);
        Struct after = planRow("p-1", TIERED_RATES).put("is_active", false).put("available_regions", List.of("TX-WEST"));
        SourceRecord record = change("u", before, after, source("plan_catalog", LSN, TX_ID, COMMIT_US));

        ProducerRecord<String, byte[]> published = single(publish(record, ChangeMapper.PLANS_TABLE));

        assertThat(published.key()).isEqualTo("p-1");
        PlanChange value = value(Topics.PLANS, published);
        assertThat(value.op()).isEqualTo(ChangeOp.UPDATE);
        assertThat(value.before().rateStructure().energy()).isEqualTo(new RateStructure.Flat(0.129));
        assertThat(value.before().isActive()).isTrue();
        assertThat(value.after().rateStructure().energy()).isEqualTo(new RateStructure.Tiered(List.of(
                new RateStructure.Tier(1000.0, 0.10), new RateStructure.Tier(null, 0.15))));
        assertThat(value.after().rateStructure().monthlyFee()).isZero();
        assertThat(value.after().isActive()).isFalse();
        assertThat(value.after().availableRegions()).containsExactly("TX-WEST");
    }

    @Test
    void aDeletedPlanIsAChangeWithoutAfterFollowedByATombstoneBothKeyedByPlanId() {
        SourceRecord record = change("d", planRow("p-1", FLAT_RATES), null, source("plan_catalog", LSN, TX_ID, COMMIT_US));

        List<ProducerRecord<String, byte[]>> records = publish(record, ChangeMapper.PLANS_TABLE);

        assertThat(records).hasSize(2);
        assertThat(records).extracting(ProducerRecord::topic).containsOnly("treebeard.plans");
        assertThat(records).extracting(ProducerRecord::key).containsOnly("p-1");
        PlanChange delete = value(Topics.PLANS, records.get(0));
        assertThat(delete.op()).isEqualTo(ChangeOp.DELETE);
        assertThat(delete.planId()).isEqualTo("p-1");
        assertThat(delete.after()).isNull();
        assertThat(delete.before().name()).isEqualTo("Acme Flat 12");
        assertThat(delete.source().lsn()).isEqualTo(LSN);
        assertThat(records.get(1).value()).as("tombstone").isNull();
        assertThat(records).extracting(r -> CommitTimeHeader.read(r.headers())).as("both carry the commit time")
                .containsOnly(COMMIT.toEpochMilli());
    }

    // ---- profiles ----------------------------------------------------------------------------------------------

    @Test
    void aNewProfileIsPublishedOnTheProfilesTopicWithPreferencesAndContractEndDate() {
        Struct row = profileRow("u-1", "p-9", LocalDate.of(2027, 3, 31),
                "{\"top_n\": 3, \"min_renewable_pct\": 50.5, \"max_contract_months\": 12}");
        SourceRecord record = change("c", null, row, source("user_profile", LSN, TX_ID, COMMIT_US));

        ProducerRecord<String, byte[]> published = single(publish(record, ChangeMapper.PROFILES_TABLE));

        assertThat(published.topic()).isEqualTo("treebeard.profiles");
        assertThat(published.key()).isEqualTo("u-1");
        ProfileChange value = value(Topics.PROFILES, published);
        assertThat(value.op()).isEqualTo(ChangeOp.CREATE);
        assertThat(value.userId()).isEqualTo("u-1");
        assertThat(value.before()).isNull();
        assertThat(value.after()).isEqualTo(new UserProfile("u-1", "TX-NORTH", "p-9", LocalDate.of(2027, 3, 31),
                new Preferences(50.5, 12, 3), Instant.parse(UPDATED_AT)));
        assertThat(value.source()).isEqualTo(new SourcePosition(LSN, TX_ID, COMMIT, false));
    }

    @Test
    void aProfileWithoutCurrentPlanEndDateOrPreferencesHasNullsAndNoPreferences() {
        SourceRecord record = change("c", null, profileRow("u-2", null, null, "{}"),
                source("user_profile", LSN, TX_ID, COMMIT_US));

        ProfileChange value = value(Topics.PROFILES, single(publish(record, ChangeMapper.PROFILES_TABLE)));

        assertThat(value.after().currentPlanId()).isNull();
        assertThat(value.after().contractEndDate()).isNull();
        assertThat(value.after().preferences()).isEqualTo(Preferences.NONE);
    }

    @Test
    void aDeletedProfileIsAChangeWithoutAfterFollowedByATombstoneBothKeyedByUserId() {
        SourceRecord record = change("d", profileRow("u-1", "p-9", null, "{}"), null,
                source("user_profile", LSN, TX_ID, COMMIT_US));

        List<ProducerRecord<String, byte[]>> records = publish(record, ChangeMapper.PROFILES_TABLE);

        assertThat(records).hasSize(2);
        assertThat(records).extracting(ProducerRecord::topic).containsOnly("treebeard.profiles");
        assertThat(records).extracting(ProducerRecord::key).containsOnly("u-1");
        ProfileChange delete = value(Topics.PROFILES, records.get(0));
        assertThat(delete.op()).isEqualTo(ChangeOp.DELETE);
        assertThat(delete.userId()).isEqualTo("u-1");
        assertThat(delete.after()).isNull();
        assertThat(delete.before().currentPlanId()).isEqualTo("p-9");
        assertThat(records.get(1).value()).as("tombstone").isNull();
    }

    // ---- usage -------------------------------------------------------------------------------------------------

    @Test
    void aUsageInsertIsPublishedOnTheUsageTopicKeyedByUserIdWithTheReadingAndItsDate() {
        SourceRecord record = change("c", null, usageRow("u-1", LocalDate.of(2026, 5, 1), "12.345", "4"),
                source("usage_history", LSN, TX_ID, COMMIT_US));

        ProducerRecord<String, byte[]> published = single(publish(record, ChangeMapper.USAGE_TABLE));

        assertThat(published.topic()).isEqualTo("treebeard.usage");
        assertThat(published.key()).isEqualTo("u-1");
        UsageChange value = value(Topics.USAGE, published);
        assertThat(value.op()).isEqualTo(ChangeOp.CREATE);
        assertThat(value.userId()).isEqualTo("u-1");
        assertThat(value.usageDate()).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(value.reading().userId()).isEqualTo("u-1");
        assertThat(value.reading().usageDate()).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(value.reading().kwh()).isEqualByComparingTo("12.345");
        assertThat(value.reading().peakKwh()).isEqualByComparingTo("4");
        assertThat(value.source()).isEqualTo(new SourcePosition(LSN, TX_ID, COMMIT, false));
    }

    @Test
    void aUsageUpdateCarriesTheNewReadingAndAMissingPeakIsNull() {
        LocalDate day = LocalDate.of(2026, 5, 2);
        SourceRecord record = change("u", usageRow("u-1", day, "10", "4"), usageRow("u-1", day, "11.5", null),
                source("usage_history", LSN, TX_ID, COMMIT_US));

        UsageChange value = value(Topics.USAGE, single(publish(record, ChangeMapper.USAGE_TABLE)));

        assertThat(value.op()).isEqualTo(ChangeOp.UPDATE);
        assertThat(value.usageDate()).isEqualTo(day);
        assertThat(value.reading().kwh()).isEqualByComparingTo("11.5");
        assertThat(value.reading().peakKwh()).isNull();
    }

    @Test
    void aDeletedUsageReadingKeepsItsDateHasNoReadingAndNoTombstone() {
        LocalDate day = LocalDate.of(2026, 5, 3);
        SourceRecord record = change("d", usageRow("u-1", day, "10", "4"), null, source("usage_history", LSN, TX_ID, COMMIT_US));

        List<ProducerRecord<String, byte[]>> records = publish(record, ChangeMapper.USAGE_TABLE);

        assertThat(records).as("usage is not compacted: no tombstone").hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo("treebeard.usage");
        assertThat(records.get(0).key()).isEqualTo("u-1");
        UsageChange value = value(Topics.USAGE, records.get(0));
        assertThat(value.op()).isEqualTo(ChangeOp.DELETE);
        assertThat(value.userId()).isEqualTo("u-1");
        assertThat(value.usageDate()).isEqualTo(day);
        assertThat(value.reading()).isNull();
        assertThat(value.source().lsn()).isEqualTo(LSN);
    }

    // ---- source position ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "snapshot=\"{0}\" -> {1}")
    @CsvSource({"true, true", "first, true", "last, true", "first_in_data_collection, true", "incremental, true",
        "false, false"})
    void theSnapshotFlagIsSetForEverySnapshotMarkerButFalse(String marker, boolean expected) {
        Struct source = source(DebeziumRecords.SOURCE, "public", "plan_catalog", LSN, TX_ID, COMMIT_US / 1000, COMMIT_US, marker);
        SourceRecord record = change("r", null, planRow("p-1", FLAT_RATES), source);

        PlanChange value = value(Topics.PLANS, single(publish(record, ChangeMapper.PLANS_TABLE)));

        assertThat(value.op()).isEqualTo(ChangeOp.READ);
        assertThat(value.source().snapshot()).isEqualTo(expected);
    }

    @Test
    void aSourceWithoutSnapshotMarkerIsStreamed() {
        Struct source = source(DebeziumRecords.SOURCE, "public", "usage_history", LSN, TX_ID, COMMIT_US / 1000, COMMIT_US, null);

        assertThat(ChangeMapper.position(source).snapshot()).isFalse();
    }

    @Test
    void thePositionCarriesLsnTxIdAndTheCommitTimeToTheMicrosecondFromTsUs() {
        Struct source = source("usage_history", 123_456_789_012L, 777L, COMMIT_US);

        SourcePosition position = ChangeMapper.position(source);

        assertThat(position.lsn()).isEqualTo(123_456_789_012L);
        assertThat(position.txId()).isEqualTo(777L);
        assertThat(position.commitTs()).isEqualTo(COMMIT);
        assertThat(position.commitTs().getNano()).isEqualTo(123_456_000);
    }

    @Test
    void tsUsIsPreferredOverTsMsWhenBothArePresent() {
        long tsMs = COMMIT_US / 1000 - 2_000;
        Struct source = source(DebeziumRecords.SOURCE, "public", "usage_history", LSN, TX_ID, tsMs, COMMIT_US, "false");

        assertThat(ChangeMapper.position(source).commitTs()).isEqualTo(COMMIT);
    }

    @Test
    void theCommitTimeFallsBackToTsMsWhenTsUsIsAbsentOrNull() {
        long tsMs = COMMIT_US / 1000;
        Struct withoutField = source(DebeziumRecords.SOURCE_WITHOUT_TS_US, "public", "usage_history", LSN, TX_ID, tsMs, null,
                "false");
        Struct withNull = source(DebeziumRecords.SOURCE, "public", "usage_history", LSN, TX_ID, tsMs, null, "false");

        assertThat(ChangeMapper.position(withoutField).commitTs()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z"));
        assertThat(ChangeMapper.position(withNull).commitTs()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z"));
    }

    @Test
    void aCommitTimeBeforeTheEpochIsConvertedWithoutRoundingTowardZero() {
        Struct source = source("usage_history", LSN, TX_ID, -1L);

        assertThat(ChangeMapper.position(source).commitTs()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    @Test
    void aMissingLsnIsZeroAndAMissingTxIdIsNull() {
        Struct source = source(DebeziumRecords.SOURCE, "public", "usage_history", LSN, null, COMMIT_US / 1000, COMMIT_US, "false")
                .put("lsn", null);

        SourcePosition position = ChangeMapper.position(source);

        assertThat(position.lsn()).isZero();
        assertThat(position.txId()).isNull();
    }

    // ---- dead letters ------------------------------------------------------------------------------------------

    @Test
    void aPlanWhoseRateStructureBreaksTheContractIsDeadLetteredNamingTheField() {
        SourceRecord record = change("c", null, planRow("p-bad", "{\"energy\": {\"type\": \"nuclear\"}}"),
                source("plan_catalog", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PLANS_TABLE);

        assertThat(reject.reason()).contains("rate_structure.energy.type");
        assertThat(reject.record().topic()).isEqualTo("treebeard.dlq.ingest");
        assertThat(CommitTimeHeader.read(reject.record().headers())).as("the dead letter carries the commit time")
                .isEqualTo(COMMIT_US / 1000);
        assertThat(reject.record().key()).as("the key as received").isEqualTo(String.valueOf(record.key())).contains("p-bad");
        DeadLetter letter = value(Topics.DLQ_INGEST, reject.record());
        assertThat(letter.stage()).isEqualTo("ingest");
        assertThat(letter.reason()).isEqualTo(reject.reason());
        assertThat(letter.exceptionClass()).as("a broken rule, not an exception").isNull();
        assertThat(letter.sourceTopic()).isEqualTo("public.plan_catalog");
        assertThat(letter.sourcePartition()).isEqualTo(-1);
        assertThat(letter.sourceOffset()).as("the LSN").isEqualTo(LSN);
        assertThat(letter.key()).isEqualTo(reject.record().key());
        assertThat(letter.value()).contains("p-bad").contains("nuclear");
        assertThat(letter.failedAt()).isEqualTo(NOW);
    }

    @Test
    void everyBrokenRuleOfTheRateStructureIsNamedInTheReason() {
        String rates = "{\"monthly_fee\": -1, \"energy\": {\"type\": \"flat\", \"rate\": 0.1}, \"surprise\": true}";
        SourceRecord record = change("u", planRow("p-bad", FLAT_RATES), planRow("p-bad", rates).put("name", "Changed"),
                source("plan_catalog", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PLANS_TABLE);

        assertThat(reject.reason()).contains("rate_structure.monthly_fee").contains("rate_structure.surprise");
    }

    @Test
    void aPlanBeyondTheInputBoundsWrittenBySqlIsDeadLetteredWithABoundedCopyOfTheRow() {
        SourceRecord record = change("c", null, planRow("p-huge", "{\"energy\": {\"type\": \"flat\", \"rate\": 1e306}}")
                .put("name", "N".repeat(600 * 1024)), source("plan_catalog", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PLANS_TABLE);

        assertThat(reject.reason()).contains("name must be at most 200 characters")
                .contains("rate_structure.energy.rate must be <= 100");
        DeadLetter letter = value(Topics.DLQ_INGEST, reject.record());
        assertThat(letter.value()).contains("p-huge").contains("[truncated:").hasSizeLessThan(DeadLetters.MAX_VALUE_CHARS + 100);
        assertThat(reject.record().value().length).as("the dead letter fits a Kafka request").isLessThan(100_000);
    }

    @Test
    void theOldImageOfAnUpdateBeyondTheBoundsDoesNotBlockItsRepair() {
        SourceRecord record = change("u", planRow("p-fixed", FLAT_RATES).put("name", "N".repeat(300)), planRow("p-fixed", FLAT_RATES),
                source("plan_catalog", LSN, TX_ID, COMMIT_US));

        PlanChange value = value(Topics.PLANS, single(publish(record, ChangeMapper.PLANS_TABLE)));

        assertThat(value.before()).as("the unpublishable old image is left out").isNull();
        assertThat(value.after().name()).isEqualTo("Acme Flat 12");
    }

    @Test
    void aPlanWhoseRateStructureIsNotJsonIsDeadLettered() {
        SourceRecord record = change("c", null, planRow("p-bad", "{energy: flat"), source("plan_catalog", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PLANS_TABLE);

        assertThat(reject.reason()).contains("rate_structure").contains("not JSON");
        DeadLetter letter = value(Topics.DLQ_INGEST, reject.record());
        assertThat(letter.sourceTopic()).isEqualTo("public.plan_catalog");
        assertThat(letter.sourceOffset()).isEqualTo(LSN);
    }

    @Test
    void aProfileWithInvalidPreferencesIsDeadLetteredNamingEachField() {
        SourceRecord record = change("c", null, profileRow("u-bad", null, null, "{\"top_n\": 50, \"colour\": \"green\"}"),
                source("user_profile", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PROFILES_TABLE);

        assertThat(reject.reason()).contains("preferences.top_n").contains("preferences.colour");
        DeadLetter letter = value(Topics.DLQ_INGEST, reject.record());
        assertThat(letter.sourceTopic()).isEqualTo("public.user_profile");
        assertThat(letter.key()).contains("u-bad");
        assertThat(letter.sourceOffset()).isEqualTo(LSN);
    }

    @Test
    void anUnknownOperationIsDeadLetteredRatherThanThrown() {
        SourceRecord record = change("x", null, planRow("p-1", FLAT_RATES), source("plan_catalog", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PLANS_TABLE);

        assertThat(reject.reason()).contains("unknown operation 'x'");
    }

    @Test
    void aRowThatCannotBeReadIsDeadLetteredWithTheExceptionClassRatherThanThrown() {
        Schema rowWithoutName = SchemaBuilder.struct().name("tb.public.plan_catalog.Value").optional()
                .field("plan_id", Schema.STRING_SCHEMA)
                .field("rate_structure", io.debezium.data.Json.schema())
                .build();
        Struct row = new Struct(rowWithoutName).put("plan_id", "p-odd").put("rate_structure", FLAT_RATES);
        SourceRecord record = change("c", null, row, source("plan_catalog", LSN, TX_ID, COMMIT_US));

        CapturedChange.Reject reject = reject(record, ChangeMapper.PLANS_TABLE);

        DeadLetter letter = value(Topics.DLQ_INGEST, reject.record());
        assertThat(letter.exceptionClass()).isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(letter.reason()).isEqualTo(reject.reason()).contains("provider");
        assertThat(letter.sourceOffset()).isEqualTo(LSN);
    }

    // ---- skipped records ---------------------------------------------------------------------------------------

    @Test
    void aHeartbeatWithoutOperationIsSkipped() {
        Schema keySchema = SchemaBuilder.struct().name("io.debezium.connector.common.ServerNameKey")
                .field("serverName", Schema.STRING_SCHEMA).build();
        Schema valueSchema = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = new SourceRecord(Map.of("server", "tb"), Map.of("lsn", LSN), "__debezium-heartbeat.tb", null,
                keySchema, new Struct(keySchema).put("serverName", "tb"), valueSchema,
                new Struct(valueSchema).put("ts_ms", 1_764_064_800_000L));

        assertThat(mapper.map(heartbeat)).isEqualTo(new CapturedChange.Skip("__debezium-heartbeat.tb"));
    }

    @Test
    void aRecordWithoutValueIsSkipped() {
        SourceRecord tombstone = new SourceRecord(Map.of("server", "tb"), Map.of("lsn", LSN), "tb.public.plan_catalog", null,
                Schema.STRING_SCHEMA, "p-1", null, null);

        assertThat(mapper.map(tombstone)).isInstanceOf(CapturedChange.Skip.class);
    }

    @Test
    void aChangeOfATableThatIsNotCapturedIsSkipped() {
        Struct other = source(DebeziumRecords.SOURCE, "public", "recommendations", LSN, TX_ID, COMMIT_US / 1000, COMMIT_US, "false");
        Struct otherSchema = source(DebeziumRecords.SOURCE, "audit", "plan_catalog", LSN, TX_ID, COMMIT_US / 1000, COMMIT_US,
                "false");

        assertThat(mapper.map(change("c", null, planRow("p-1", FLAT_RATES), other)))
                .isEqualTo(new CapturedChange.Skip("public.recommendations"));
        assertThat(mapper.map(change("c", null, planRow("p-1", FLAT_RATES), otherSchema)))
                .isEqualTo(new CapturedChange.Skip("audit.plan_catalog"));
    }

    @Test
    void mappingNeverThrowsForABrokenRow() {
        SourceRecord record = change("c", null, planRow("p-bad", "[]"), source("plan_catalog", LSN, TX_ID, COMMIT_US));

        assertThatCode(() -> mapper.map(record)).doesNotThrowAnyException();
        assertThat(mapper.map(record)).isInstanceOf(CapturedChange.Reject.class);
    }

    // ---- rows stored before a fix (direct SQL may store what the write API refuses) -------------------------------

    @Test
    void aDeleteOfAPlanWhoseStoredRateStructureIsBrokenStillPublishesTheDeleteAndATombstone() {
        SourceRecord record = change("d", planRow("p-1", "{\"energy\": {\"type\": \"nuclear\"}}"), null,
                source("plan_catalog", LSN, TX_ID, COMMIT_US));

        List<ProducerRecord<String, byte[]>> records = publish(record, ChangeMapper.PLANS_TABLE);

        assertThat(records).extracting(ProducerRecord::key).containsExactly("p-1", "p-1");
        assertThat(value(Topics.PLANS, records.get(0)).op()).isEqualTo(ChangeOp.DELETE);
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void anUpdateThatRepairsABrokenRateStructureIsPublished() {
        SourceRecord record = change("u", planRow("p-1", "{\"energy\": {\"type\": \"nuclear\"}}"), planRow("p-1", FLAT_RATES),
                source("plan_catalog", LSN, TX_ID, COMMIT_US));

        PlanChange value = value(Topics.PLANS, single(publish(record, ChangeMapper.PLANS_TABLE)));

        assertThat(value.op()).isEqualTo(ChangeOp.UPDATE);
        assertThat(value.after().rateStructure().energy()).isEqualTo(new RateStructure.Flat(0.129));
    }

    @Test
    void aDeleteOfAProfileWhoseStoredPreferencesAreBrokenStillPublishesTheDeleteAndATombstone() {
        SourceRecord record = change("d", profileRow("u-1", null, null, "{\"top_n\": 50}"), null,
                source("user_profile", LSN, TX_ID, COMMIT_US));

        List<ProducerRecord<String, byte[]>> records = publish(record, ChangeMapper.PROFILES_TABLE);

        assertThat(records).extracting(ProducerRecord::key).containsExactly("u-1", "u-1");
        assertThat(records.get(1).value()).isNull();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private List<ProducerRecord<String, byte[]>> publish(SourceRecord record, String expectedTable) {
        CapturedChange change = mapper.map(record);
        assertThat(change).as("mapped change").isInstanceOf(CapturedChange.Publish.class);
        assertThat(change.table()).isEqualTo(expectedTable);
        return ((CapturedChange.Publish) change).records();
    }

    private CapturedChange.Reject reject(SourceRecord record, String expectedTable) {
        CapturedChange change = mapper.map(record);
        assertThat(change).as("mapped change").isInstanceOf(CapturedChange.Reject.class);
        assertThat(change.table()).isEqualTo(expectedTable);
        return (CapturedChange.Reject) change;
    }

    private static ProducerRecord<String, byte[]> single(List<ProducerRecord<String, byte[]>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static <V> V value(Topic<String, V> topic, ProducerRecord<String, byte[]> record) {
        assertThat(record.topic()).isEqualTo(topic.name());
        return topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
    }
}
