package io.treebeard.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.treebeard.schemas.model.UsageReading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UsageProfilePropertiesTest {

    private static final LocalDate START = LocalDate.of(2023, 12, 1);

    @Property
    void profileDoesNotDependOnTheOrderOfReadings(@ForAll("readings") List<UsageReading> readings, @ForAll long seed) {
        List<UsageReading> shuffled = new ArrayList<>(readings);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(UsageProfiles.compute(shuffled)).isEqualTo(UsageProfiles.compute(readings));
    }

    @Property
    void ledgerBuiltByUpsertsInAnyOrderGivesTheSameProfile(@ForAll("readings") List<UsageReading> readings, @ForAll long seed) {
        List<UsageReading> shuffled = new ArrayList<>(readings);
        Collections.shuffle(shuffled, new Random(seed));
        UsageLedger ledger = UsageLedger.empty();
        for (UsageReading reading : shuffled) {
            ledger = ledger.upsert(reading);
        }

        assertThat(ledger.profile()).isEqualTo(UsageProfiles.compute(readings));
    }

    @Property
    void readingBeforeTheWindowDoesNotChangeTheProfile(@ForAll("readings") List<UsageReading> readings) {
        UsageProfile profile = UsageProfiles.compute(readings);
        if (profile.hasReadings()) {
            LocalDate beforeWindow = profile.months().get(0).month().atDay(1).minusDays(1);
            // Replacing whatever that day held: it was outside the window too.
            List<UsageReading> more = new ArrayList<>(readings);
            more.removeIf(r -> r.usageDate().equals(beforeWindow));
            more.add(new UsageReading("u-1", beforeWindow, new BigDecimal("999.999"), new BigDecimal("999.999")));

            assertThat(UsageProfiles.compute(more)).isEqualTo(profile);
        }
    }

    @Property
    void monthKwhAddUpToTheAnnualKwhAndMonthsWithDataStayWithinTwelve(@ForAll("readings") List<UsageReading> readings) {
        UsageProfile profile = UsageProfiles.compute(readings);

        double sum = profile.months().stream().mapToDouble(UsageProfile.MonthUsage::kwh).sum();
        assertThat(profile.annualKwh()).isCloseTo(sum, within(1e-6));
        assertThat(profile.monthsWithData()).isBetween(0, 12);
    }

    @Provide
    Arbitrary<List<UsageReading>> readings() {
        Arbitrary<Integer> day = Arbitraries.integers().between(0, 800);
        Arbitrary<BigDecimal> kwh = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("80")).ofScale(3);
        Arbitrary<BigDecimal> peakFraction = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(2)
                .injectNull(0.4);
        Arbitrary<UsageReading> reading = Combinators.combine(day, kwh, peakFraction).as(UsageProfilePropertiesTest::reading);
        return reading.list().ofMaxSize(80).uniqueElements(UsageReading::usageDate);
    }

    private static UsageReading reading(int day, BigDecimal kwh, BigDecimal peakFraction) {
        BigDecimal peak = peakFraction == null ? null : kwh.multiply(peakFraction).setScale(3, RoundingMode.DOWN);
        return new UsageReading("u-1", START.plusDays(day), kwh, peak);
    }
}
