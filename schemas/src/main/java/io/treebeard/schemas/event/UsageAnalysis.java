package io.treebeard.schemas.event;

import java.time.LocalDate;
import java.util.List;

/**
 * The usage profile of a user (contract sections 3 and 5): the value of {@code treebeard.usage-analysis} and the body of
 * {@code GET /api/v1/users/{user_id}/usage-analysis}.
 *
 * @param version        strictly increasing per user each time the profile changes
 * @param asOf           the latest reading's date, null when the user has no readings
 * @param window         the 12 months ending with the month of {@code asOf}, oldest first; empty without readings
 * @param avgDailyKwh    window kWh divided by the days with a reading in the window
 * @param peakShare      the window-level peak share; 0.40 without peak data
 * @param confidence     months with data / 12, two decimals
 */
public record UsageAnalysis(
        String userId,
        long version,
        LocalDate asOf,
        List<Month> window,
        double annualKwh,
        double avgDailyKwh,
        double peakShare,
        int monthsWithData,
        double confidence) {

    public UsageAnalysis {
        window = List.copyOf(window);
    }

    /**
     * One window month.
     *
     * @param month            {@code yyyy-MM}
     * @param kwh              kWh_m of contract section 3
     * @param peakKwh          peak_kWh_m of contract section 3
     * @param daysWithReadings days of the month that have a reading
     */
    public record Month(String month, double kwh, double peakKwh, int daysWithReadings) {
    }
}
