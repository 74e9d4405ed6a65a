package io.treebeard.tariff.internal;

import io.treebeard.schemas.model.UsageReading;
import io.treebeard.tariff.UsageProfile;
import io.treebeard.tariff.UsageProfile.MonthUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/** Contract section 3 over readings keyed by date (one reading per day). */
public final class ProfileCalculator {

    /** Peak share assumed when no reading of the window has a peak split. */
    public static final double DEFAULT_PEAK_SHARE = 0.40;

    private ProfileCalculator() {
    }

    /** The profile of one user's readings, keyed by their date. */
    public static UsageProfile compute(NavigableMap<LocalDate, UsageReading> byDate) {
        if (byDate.isEmpty()) {
            return UsageProfile.EMPTY;
        }
        LocalDate asOf = byDate.lastKey();
        YearMonth first = YearMonth.from(asOf).minusMonths(UsageProfile.WINDOW_MONTHS - 1);
        Sums window = new Sums();
        Sums[] perMonth = new Sums[UsageProfile.WINDOW_MONTHS];
        for (int i = 0; i < perMonth.length; i++) {
            perMonth[i] = new Sums();
        }
        // Only readings inside the window count, for the month sums and for the window-level fill and share alike.
        for (UsageReading reading : byDate.subMap(first.atDay(1), true, asOf, true).values()) {
            int index = (int) ChronoUnit.MONTHS.between(first, YearMonth.from(reading.usageDate()));
            perMonth[index].add(reading);
            window.add(reading);
        }
        return profile(asOf, first, perMonth, window);
    }

    private static UsageProfile profile(LocalDate asOf, YearMonth first, Sums[] perMonth, Sums window) {
        double windowDaily = window.dailyKwh();
        double windowShare = window.peakShare(DEFAULT_PEAK_SHARE);
        List<MonthUsage> months = new ArrayList<>(perMonth.length);
        double annualKwh = 0.0;
        int monthsWithData = 0;
        for (int i = 0; i < perMonth.length; i++) {
            YearMonth month = first.plusMonths(i);
            Sums sums = perMonth[i];
            double daily = sums.days > 0 ? sums.dailyKwh() : windowDaily;
            double kwh = daily * month.lengthOfMonth();
            double share = sums.peakShare(windowShare);
            months.add(new MonthUsage(month, kwh, share * kwh, sums.days));
            annualKwh += kwh;
            monthsWithData += sums.days > 0 ? 1 : 0;
        }
        double confidence = BigDecimal.valueOf(monthsWithData)
                .divide(BigDecimal.valueOf(UsageProfile.WINDOW_MONTHS), 2, RoundingMode.HALF_UP)
                .doubleValue();
        return new UsageProfile(asOf, months, annualKwh, windowDaily, windowShare, monthsWithData, confidence);
    }

    /**
     * Running sums of a set of readings. The kWh sums are exact decimals, so they do not depend on the order in which
     * readings are added; they become doubles only for the divisions of the contract.
     */
    private static final class Sums {
        private BigDecimal kwh = BigDecimal.ZERO;
        private int days;
        private BigDecimal kwhWithPeak = BigDecimal.ZERO;
        private BigDecimal peakKwh = BigDecimal.ZERO;

        void add(UsageReading reading) {
            kwh = kwh.add(reading.kwh());
            days++;
            if (reading.peakKwh() != null) {
                kwhWithPeak = kwhWithPeak.add(reading.kwh());
                peakKwh = peakKwh.add(reading.peakKwh());
            }
        }

        double dailyKwh() {
            return days == 0 ? 0.0 : kwh.doubleValue() / days;
        }

        /** sum(peak_kwh) / sum(kwh) over readings with a peak split, else {@code fallback}. */
        double peakShare(double fallback) {
            return kwhWithPeak.signum() > 0 ? peakKwh.doubleValue() / kwhWithPeak.doubleValue() : fallback;
        }
    }
}
