package io.treebeard.tariff;

import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.tariff.internal.Decimals;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The usage profile of contract section 3 at full double precision, as the cost maths consume it. Build it with
 * {@link UsageProfiles} or {@link UsageLedger#profile()}.
 *
 * @param asOf           the latest reading's date; null when the user has no readings
 * @param months         the 12 window months, oldest first; empty without readings
 * @param annualKwh      the sum of the months' kWh
 * @param avgDailyKwh    window kWh divided by the window's days with a reading
 * @param peakShare      the window-level peak share; 0.40 without peak data, 0 without readings
 * @param monthsWithData window months with at least one reading
 * @param confidence     {@code monthsWithData / 12}, rounded half-up to 2 decimals
 */
public record UsageProfile(
        LocalDate asOf,
        List<MonthUsage> months,
        double annualKwh,
        double avgDailyKwh,
        double peakShare,
        int monthsWithData,
        double confidence) {

    /** Number of months in a window. */
    public static final int WINDOW_MONTHS = 12;

    /** The profile of a user without readings: no as-of date, no window, zeros. */
    public static final UsageProfile EMPTY = new UsageProfile(null, List.of(), 0.0, 0.0, 0.0, 0, 0.0);

    /**
     * Checks the shape: a window of 12 months exactly when there is an as-of date.
     *
     * @throws IllegalArgumentException when the window does not match {@code asOf}
     */
    public UsageProfile {
        months = List.copyOf(months);
        int expected = asOf == null ? 0 : WINDOW_MONTHS;
        if (months.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " window months, got " + months.size());
        }
    }

    /** Whether the user has any reading; without one there is nothing to price. */
    public boolean hasReadings() {
        return asOf != null;
    }

    /**
     * The usage-analysis document of contract section 5. kWh figures are rounded half-up to 3 decimals, which the
     * contract allows; shares and confidence are passed through.
     *
     * @param userId  the user the readings belong to
     * @param version the document version, chosen by the caller
     */
    public UsageAnalysis toAnalysis(String userId, long version) {
        List<UsageAnalysis.Month> window = months.stream()
                .map(m -> new UsageAnalysis.Month(m.month().toString(), kwh(m.kwh()), kwh(m.peakKwh()), m.daysWithReadings()))
                .toList();
        return new UsageAnalysis(userId, version, asOf, window, kwh(annualKwh), kwh(avgDailyKwh), peakShare, monthsWithData,
                confidence);
    }

    private static double kwh(double value) {
        return Decimals.roundHalfUp(value, 3);
    }

    /**
     * One window month.
     *
     * @param month            the calendar month
     * @param kwh              kWh_m of contract section 3
     * @param peakKwh          peak_kWh_m of contract section 3
     * @param daysWithReadings days of the month that have a reading
     */
    public record MonthUsage(YearMonth month, double kwh, double peakKwh, int daysWithReadings) {
    }
}
