package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.daily;
import static io.treebeard.tariff.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.tariff.UsageProfile.MonthUsage;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageProfilesTest {

    private static final double EPS = 1e-9;

    @Test
    void windowIsTheTwelveCalendarMonthsEndingWithTheLatestReadingOldestFirst() {
        UsageProfile profile = UsageProfiles.compute(List.of(reading("2026-10-31", "10"), reading("2026-03-05", "10")));

        assertThat(profile.asOf()).isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(profile.months()).extracting(MonthUsage::month)
                .containsExactly(YearMonth.of(2025, 11), YearMonth.of(2025, 12), YearMonth.of(2026, 1), YearMonth.of(2026, 2),
                        YearMonth.of(2026, 3), YearMonth.of(2026, 4), YearMonth.of(2026, 5), YearMonth.of(2026, 6),
                        YearMonth.of(2026, 7), YearMonth.of(2026, 8), YearMonth.of(2026, 9), YearMonth.of(2026, 10));
    }

    @Test
    void monthKwhIsItsDailyAverageTimesItsLengthAndLeapFebruaryHas29Days() {
        // 10 readings of 5 kWh, 1..10 Feb 2024: Feb = 50 / 10 x 29 = 145
        UsageProfile profile = UsageProfiles.compute(daily("2024-02-01", "2024-02-10", "5"));

        MonthUsage february = profile.months().get(11);
        assertThat(february.month()).isEqualTo(YearMonth.of(2024, 2));
        assertThat(february.kwh()).isCloseTo(145.0, within(EPS));
        assertThat(february.daysWithReadings()).isEqualTo(10);
        // Every other month is filled at 5 kWh a day; Mar 2023..Feb 2024 has 366 days: 5 x 366 = 1830
        assertThat(profile.annualKwh()).isCloseTo(1830.0, within(EPS));
        assertThat(profile.avgDailyKwh()).isCloseTo(5.0, within(EPS));
    }

    @Test
    void monthsWithoutReadingsAreFilledAtTheWindowDailyAverage() {
        List<UsageReading> readings = List.of(
                reading("2026-03-01", "12"), reading("2026-03-02", "18"), // March: 30 / 2 x 31 = 465
                reading("2026-01-10", "6"),                               // January: 6 / 1 x 31 = 186
                reading("2025-03-31", "1000"));                           // before the window (Apr 2025..): ignored
        UsageProfile profile = UsageProfiles.compute(readings);

        // Window: 36 kWh over 3 days = 12 kWh a day
        assertThat(profile.avgDailyKwh()).isCloseTo(12.0, within(EPS));
        assertThat(month(profile, "2026-03").kwh()).isCloseTo(465.0, within(EPS));
        assertThat(month(profile, "2026-01").kwh()).isCloseTo(186.0, within(EPS));
        // February 2026: 12 x 28 = 336; April 2025: 12 x 30 = 360
        assertThat(month(profile, "2026-02").kwh()).isCloseTo(336.0, within(EPS));
        assertThat(month(profile, "2026-02").daysWithReadings()).isZero();
        assertThat(month(profile, "2025-04").kwh()).isCloseTo(360.0, within(EPS));
        // 465 + 186 + 12 x (365 - 31 - 31) = 651 + 3636 = 4287
        assertThat(profile.annualKwh()).isCloseTo(4287.0, within(EPS));
        // 2 / 12 = 0.1666.. -> 0.17
        assertThat(profile.monthsWithData()).isEqualTo(2);
        assertThat(profile.confidence()).isEqualTo(0.17);
    }

    @Test
    void peakShareIsTheMonthsOwnThenTheWindowsThenFortyPercent() {
        List<UsageReading> readings = List.of(
                reading("2025-12-01", "20", "15"),  // December: 15 / 20 = 0.75 of 20 x 31 = 620 -> 465
                reading("2026-01-15", "8"),         // January: no peak data -> window share
                reading("2026-02-01", "10", "3"),   // February: 3 / 10 = 0.3 (the reading without peak does not count)
                reading("2026-02-02", "10"),
                reading("2025-01-05", "10", "10")); // outside the window (Mar 2025..Feb 2026): ignored
        UsageProfile profile = UsageProfiles.compute(readings);

        // Window share: (15 + 3) / (20 + 10) = 0.6
        assertThat(profile.peakShare()).isCloseTo(0.6, within(EPS));
        assertThat(month(profile, "2025-12").peakKwh()).isCloseTo(465.0, within(EPS));
        // January: 8 x 31 = 248 kWh, 0.6 x 248 = 148.8
        assertThat(month(profile, "2026-01").peakKwh()).isCloseTo(148.8, within(EPS));
        // February: 20 / 2 x 28 = 280 kWh, 0.3 x 280 = 84
        assertThat(month(profile, "2026-02").kwh()).isCloseTo(280.0, within(EPS));
        assertThat(month(profile, "2026-02").peakKwh()).isCloseTo(84.0, within(EPS));
        // March 2025, no reading: 48 / 4 = 12 a day x 31 = 372 kWh, 0.6 x 372 = 223.2
        assertThat(month(profile, "2025-03").peakKwh()).isCloseTo(223.2, within(EPS));
    }

    @Test
    void peakShareDefaultsToFortyPercentWithoutPeakData() {
        // 10 x 31 = 310 kWh in October, 0.40 x 310 = 124
        UsageProfile profile = UsageProfiles.compute(List.of(reading("2026-10-31", "10")));

        assertThat(profile.peakShare()).isEqualTo(0.40);
        assertThat(month(profile, "2026-10").peakKwh()).isCloseTo(124.0, within(EPS));
    }

    @Test
    void peakDataWhoseKwhSumsToZeroFallsBackToFortyPercent() {
        // The only peak split is on a 0 kWh day: 0 / 0 is no ratio, so the window share is the 0.40 default
        UsageProfile profile = UsageProfiles.compute(List.of(reading("2026-10-30", "0", "0"), reading("2026-10-31", "10")));

        assertThat(profile.peakShare()).isEqualTo(0.40);
        // October: 10 / 2 x 31 = 155 kWh, 0.40 x 155 = 62
        assertThat(month(profile, "2026-10").peakKwh()).isCloseTo(62.0, within(EPS));
    }

    @Test
    void twelveMonthsWithDataGiveFullConfidence() {
        UsageProfile profile = UsageProfiles.compute(daily("2025-11-01", "2026-10-31", "10"));

        assertThat(profile.monthsWithData()).isEqualTo(12);
        assertThat(profile.confidence()).isEqualTo(1.0);
        // 10 kWh on each of the 365 days
        assertThat(profile.annualKwh()).isCloseTo(3650.0, within(EPS));
    }

    @Test
    void userWithoutReadingsHasNoAsOfNoWindowAndZeros() {
        UsageAnalysis analysis = UsageProfiles.analysis("u-1", 3, List.of());

        assertThat(analysis).isEqualTo(new UsageAnalysis("u-1", 3, null, List.of(), 0, 0, 0, 0, 0));
        assertThat(UsageProfiles.compute(List.of()).hasReadings()).isFalse();
    }

    @Test
    void analysisCarriesTheProfileWithKwhRoundedToThreeDecimals() {
        // Three November readings of 1, 0 and 0 kWh: 1 / 3 x 30 = 10.000
        List<UsageReading> readings = List.of(
                reading("2026-11-01", "1"), reading("2026-11-02", "0"), reading("2026-11-03", "0", "0"));
        UsageAnalysis analysis = UsageProfiles.analysis("u-1", 7, readings);

        assertThat(analysis.userId()).isEqualTo("u-1");
        assertThat(analysis.version()).isEqualTo(7);
        assertThat(analysis.asOf()).isEqualTo(LocalDate.of(2026, 11, 3));
        UsageAnalysis.Month november = analysis.window().get(11);
        assertThat(november.month()).isEqualTo("2026-11");
        assertThat(november.kwh()).isEqualTo(10.0);
        assertThat(november.daysWithReadings()).isEqualTo(3);
        // Peak data only on a 0 kWh day: 0.40 x 10 = 4
        assertThat(november.peakKwh()).isEqualTo(4.0);
        assertThat(analysis.avgDailyKwh()).isEqualTo(0.333);
        assertThat(analysis.peakShare()).isEqualTo(0.40);
        // 1/3 a day over the 365 days of Dec 2025..Nov 2026 = 121.666.. -> 121.667
        assertThat(analysis.annualKwh()).isEqualTo(121.667);
        assertThat(analysis.monthsWithData()).isEqualTo(1);
        assertThat(analysis.confidence()).isEqualTo(0.08);
    }

    @Test
    void identicalDuplicateReadingsCountOnce() {
        UsageProfile once = UsageProfiles.compute(List.of(reading("2026-10-31", "10")));
        UsageProfile twice = UsageProfiles.compute(List.of(reading("2026-10-31", "10"), reading("2026-10-31", "10")));

        assertThat(twice).isEqualTo(once);
    }

    @Test
    void conflictingReadingsOfOneDateAreRejected() {
        Set<UsageReading> readings = Set.of(reading("2026-10-31", "10"), reading("2026-10-31", "11"));

        assertThatIllegalArgumentException().isThrownBy(() -> UsageProfiles.compute(new ArrayList<>(readings)))
                .withMessageContaining("2026-10-31");
    }

    private static MonthUsage month(UsageProfile profile, String month) {
        return profile.months().stream().filter(m -> m.month().equals(YearMonth.parse(month))).findFirst().orElseThrow();
    }
}
