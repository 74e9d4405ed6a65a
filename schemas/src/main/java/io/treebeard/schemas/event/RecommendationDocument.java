package io.treebeard.schemas.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The recommendation document of contract section 4: the value of {@code treebeard.recommendations}, the Redis value,
 * {@code recommendations.payload} and the body of {@code GET /api/v1/recommendations/{user_id}}. Every field is always
 * serialised; absent values are {@code null}.
 *
 * @param version  strictly increases per user each time the content changes
 * @param status   {@link Status}
 * @param asOf     the user's latest reading date, null without readings
 */
public record RecommendationDocument(
        String userId,
        long version,
        Instant generatedAt,
        LocalDate asOf,
        Status status,
        String region,
        double confidence,
        double annualKwh,
        int monthsWithData,
        CurrentPlan currentPlan,
        List<Recommendation> recommendations) {

    public RecommendationDocument {
        recommendations = List.copyOf(recommendations);
    }

    /** Document status; the wire form is the lowercase name. */
    public enum Status {
        ok, insufficient_usage, no_eligible_plans
    }

    /** The cost of the user's current plan, when the catalog knows it. */
    public record CurrentPlan(String planId, BigDecimal annualCost) {
    }

    /**
     * One ranked candidate plan. Money is rounded half-up to cents.
     *
     * @param monthlyCosts the 12 monthly bills, oldest month first
     * @param savings      null when the current plan is unknown
     */
    public record Recommendation(
            int rank,
            String planId,
            String provider,
            String name,
            BigDecimal annualCost,
            List<BigDecimal> monthlyCosts,
            BigDecimal savings,
            BigDecimal switchingCost,
            BigDecimal netFirstYearSavings,
            BigDecimal renewablePercentage,
            int contractMonths,
            List<String> reasons) {

        public Recommendation {
            monthlyCosts = List.copyOf(monthlyCosts);
            reasons = List.copyOf(reasons);
        }
    }
}
