package io.treebeard.recommender.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.JsonSerde;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.UsageProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StoreSerdesTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456789Z");

    @Test
    void profilesRoundTripExactlyWithAndWithoutOptionalFields() {
        roundTrip(StoreSerdes.profiles(), new ProfileState(new UserProfile("u-1", "R1", "p-1", LocalDate.of(2027, 2, 28),
                new Preferences(37.5, 12, 3), AT), 42));
        roundTrip(StoreSerdes.profiles(), new ProfileState(new UserProfile("u-\u00e9\ud83d\ude00", null, null, null,
                Preferences.NONE, null), Long.MAX_VALUE));
        roundTrip(StoreSerdes.profiles(), new ProfileState(null, 7));
    }

    @Test
    void usageProfilesRoundTripKeepingEveryDoubleBit() {
        List<UsageProfile.MonthUsage> months = new ArrayList<>();
        for (int m = 0; m < UsageProfile.WINDOW_MONTHS; m++) {
            months.add(new UsageProfile.MonthUsage(YearMonth.of(2025, 12).plusMonths(m), 0.1 + 0.2 * m, m / 3.0, m));
        }
        roundTrip(StoreSerdes.usageProfiles(), new UsageProfile(LocalDate.of(2026, 11, 30), months, 1e-300, 123.456789012345,
                0.4, 12, 1.0));
        roundTrip(StoreSerdes.usageProfiles(), UsageProfile.EMPTY);
    }

    @Test
    void aLedgerWithAResyncFloorRoundTripsAndOneWithoutKeepsThePreviousBytes() {
        UsageState ledger = new UsageState(List.of(new UsageState.Day(LocalDate.of(2026, 1, 1), new BigDecimal("1.5"), null,
                7, false)), 42);
        roundTrip(StoreSerdes.usageLedgers(), ledger);
        byte[] withoutFloor = StoreSerdes.usageLedgers().serializer().serialize("t", new UsageState(ledger.days()));
        byte[] withFloor = StoreSerdes.usageLedgers().serializer().serialize("t", ledger);
        assertThat(withFloor).hasSize(withoutFloor.length + 8);
        assertThat(withoutFloor[0]).isEqualTo(StoreSerdes.FORMAT);
        assertThat(withFloor[0]).isEqualTo(StoreSerdes.FORMAT_LEDGER_WITH_FLOOR);
        assertThat(StoreSerdes.usageLedgers().deserializer().deserialize("t", withoutFloor).floor()).isEqualTo(UsageState.NO_FLOOR);
        // A ledger truncated by the floor's 8 bytes is refused, not read as one without a floor.
        assertThatThrownBy(() -> StoreSerdes.usageLedgers().deserializer().deserialize("t",
                java.util.Arrays.copyOf(withFloor, withoutFloor.length))).isInstanceOf(SerializationException.class);
    }

    @Test
    void aLedgerTheFirstBinaryReleaseWroteWithATrailingFloorIsStillRead() {
        UsageState ledger = new UsageState(List.of(new UsageState.Day(LocalDate.of(2026, 1, 1), new BigDecimal("1.5"), null,
                7, false)), 42);
        byte[] firstRelease = StoreSerdes.usageLedgers().serializer().serialize("t", ledger);
        firstRelease[0] = StoreSerdes.FORMAT;

        assertThat(StoreSerdes.usageLedgers().deserializer().deserialize("t", firstRelease)).isEqualTo(ledger);
    }

    @Test
    void documentStatusCodesAreTheFirstBinaryReleasesOrdinals() {
        assertThat(StoreSerdes.statusCode(RecommendationDocument.Status.ok)).isEqualTo((byte) 0);
        assertThat(StoreSerdes.statusCode(RecommendationDocument.Status.insufficient_usage)).isEqualTo((byte) 1);
        assertThat(StoreSerdes.statusCode(RecommendationDocument.Status.no_eligible_plans)).isEqualTo((byte) 2);
        assertThat(StoreSerdes.statusCode(null)).isEqualTo((byte) -1);
    }

    @Test
    void usageLedgersRoundTripWithDeletedDaysAndDecimalScales() {
        UsageState ledger = new UsageState(List.of(
                new UsageState.Day(LocalDate.of(2026, 10, 30), new BigDecimal("12.500"), new BigDecimal("5.000"), 41, false),
                new UsageState.Day(LocalDate.of(2026, 10, 31), new BigDecimal("7"), null, Long.MAX_VALUE, false),
                new UsageState.Day(LocalDate.of(2026, 11, 1), null, null, 43, true)));
        roundTrip(StoreSerdes.usageLedgers(), ledger);
        roundTrip(StoreSerdes.usageLedgers(), UsageState.EMPTY);
        byte[] json = JsonSerde.of(UsageState.class).toBytes(ledger);
        assertThat(StoreSerdes.usageLedgers().deserializer().deserialize("t", json)).isEqualTo(ledger);
    }

    @Test
    void documentsRoundTripKeepingDecimalScales() {
        RecommendationDocument.Recommendation rec = new RecommendationDocument.Recommendation(1, "p-1", "Acme", "Saver \u00e9",
                new BigDecimal("1234.50"), List.of(new BigDecimal("0.00"), new BigDecimal("102.3"),
                        new BigDecimal("123456789012345678901234567890.12")), new BigDecimal("-10.00"), new BigDecimal("0"),
                null, new BigDecimal("100"), 12, List.of("Cheapest", "Saves $10.00"));
        RecommendationDocument doc = new RecommendationDocument("u-1", 9, AT, LocalDate.of(2026, 10, 31),
                RecommendationDocument.Status.ok, "R1", 0.08, 10950.0, 1,
                new RecommendationDocument.CurrentPlan("p-cur", new BigDecimal("1244.50")), List.of(rec, rec));
        roundTrip(StoreSerdes.docs(), new DocState(doc, 9));
        roundTrip(StoreSerdes.docs(), new DocState(new RecommendationDocument("u-2", 1, null, null,
                RecommendationDocument.Status.insufficient_usage, "R1", 0.0, 0.0, 0, null, List.of()), 1));
        roundTrip(StoreSerdes.docs(), new DocState(null, 12));
    }

    @Test
    void jsonValuesOfEarlierVersionsAreStillRead() {
        DocState state = new DocState(new RecommendationDocument("u-2", 3, AT, null,
                RecommendationDocument.Status.insufficient_usage, "R1", 0.0, 0.0, 0, null, List.of()), 3);
        byte[] json = JsonSerde.of(DocState.class).toBytes(state);

        assertThat(StoreSerdes.docs().deserializer().deserialize("t", json)).isEqualTo(state);
    }

    @Test
    void binaryValuesAreSmallerThanJson() {
        ProfileState state = new ProfileState(new UserProfile("u-1", "R1", null, null, Preferences.NONE, AT), 42);

        assertThat(StoreSerdes.profiles().serializer().serialize("t", state).length)
                .isLessThan(JsonSerde.of(ProfileState.class).toBytes(state).length);
    }

    @Test
    void truncatedOrUnknownValuesFailAsSerializationErrors() {
        byte[] bytes = StoreSerdes.profiles().serializer().serialize("t", new ProfileState(null, 7));

        assertThatThrownBy(() -> StoreSerdes.profiles().deserializer().deserialize("t", java.util.Arrays.copyOf(bytes, 4)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StoreSerdes.profiles().deserializer().deserialize("t", new byte[] {9, 9}))
                .isInstanceOf(SerializationException.class);
        assertThat(StoreSerdes.profiles().deserializer().deserialize("t", null)).isNull();
        assertThat(StoreSerdes.profiles().serializer().serialize("t", null)).isNull();
    }

    private static <T> void roundTrip(Serde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(bytes[0]).isIn(StoreSerdes.FORMAT, StoreSerdes.FORMAT_LEDGER_WITH_FLOOR);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
    }
}
