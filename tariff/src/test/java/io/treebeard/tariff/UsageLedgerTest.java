package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageLedgerTest {

    @Test
    void upsertOfAnExistingDateReplacesTheReading() {
        UsageLedger ledger = UsageLedger.empty().upsert(reading("2026-10-31", "10")).upsert(reading("2026-10-31", "20"));

        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.get(LocalDate.of(2026, 10, 31))).contains(reading("2026-10-31", "20"));
        // October: 20 x 31 = 620
        assertThat(ledger.profile().months().get(11).kwh()).isEqualTo(620.0);
    }

    @Test
    void deleteRemovesTheReadingAndLeavesTheOriginalLedgerUnchanged() {
        UsageLedger before = UsageLedger.of(List.of(reading("2026-10-30", "10"), reading("2026-10-31", "20")));

        UsageLedger after = before.delete(LocalDate.of(2026, 10, 31));

        assertThat(after.readings()).containsExactly(reading("2026-10-30", "10"));
        assertThat(before.size()).isEqualTo(2);
    }

    @Test
    void deletingTheLatestReadingMovesTheWindowBack() {
        UsageLedger ledger = UsageLedger.of(List.of(reading("2025-06-15", "10"), reading("2026-10-31", "20")));
        assertThat(ledger.profile().monthsWithData()).isEqualTo(1);

        UsageProfile profile = ledger.delete(LocalDate.of(2026, 10, 31)).profile();

        // The June 2025 reading, outside the Nov 2025..Oct 2026 window before, is now the as-of reading
        assertThat(profile.asOf()).isEqualTo(LocalDate.of(2025, 6, 15));
        assertThat(profile.months().get(11).kwh()).isEqualTo(300.0);
    }

    @Test
    void deletingTheLastReadingLeavesNoUsage() {
        UsageLedger ledger = UsageLedger.empty().upsert(reading("2026-10-31", "10")).delete(LocalDate.of(2026, 10, 31));

        assertThat(ledger.isEmpty()).isTrue();
        assertThat(ledger.profile()).isEqualTo(UsageProfile.EMPTY);
    }

    @Test
    void deletingAnAbsentDateChangesNothing() {
        UsageLedger ledger = UsageLedger.of(List.of(reading("2026-10-31", "10")));

        assertThat(ledger.delete(LocalDate.of(2026, 1, 1))).isSameAs(ledger);
    }

    @Test
    void ledgerRebuiltFromItsReadingsIsEqualAndReadingsAreOldestFirst() {
        UsageLedger ledger = UsageLedger.empty()
                .upsertAll(List.of(reading("2026-10-31", "1"), reading("2026-01-01", "2"), reading("2026-05-05", "3")));

        assertThat(ledger.readings()).extracting(r -> r.usageDate().toString())
                .containsExactly("2026-01-01", "2026-05-05", "2026-10-31");
        assertThat(UsageLedger.of(ledger.readings())).isEqualTo(ledger).hasSameHashCodeAs(ledger);
    }

    @Test
    void upsertAllAppliesReadingsInOrderSoTheLaterOneWins() {
        UsageLedger ledger = UsageLedger.empty().upsertAll(List.of(reading("2026-10-31", "1"), reading("2026-10-31", "2")));

        assertThat(ledger.readings()).containsExactly(reading("2026-10-31", "2"));
    }
}
