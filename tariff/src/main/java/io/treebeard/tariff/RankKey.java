package io.treebeard.tariff;

import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The ranking of contract section 4 as a natural order: rounded annual cost ascending, then renewable percentage
 * descending, then plan id ascending in code point order. Plan ids are unique in a catalog, so this is a total order
 * over a catalog's plans.
 *
 * @param annualCost          the rounded annual cost
 * @param renewablePercentage 0..100
 * @param planId              the tie-breaker of last resort
 */
public record RankKey(BigDecimal annualCost, BigDecimal renewablePercentage, String planId) implements Comparable<RankKey> {

    /** Requires every part: a key with a missing part has no place in the order. */
    public RankKey {
        Objects.requireNonNull(annualCost, "annualCost");
        Objects.requireNonNull(renewablePercentage, "renewablePercentage");
        Objects.requireNonNull(planId, "planId");
    }

    /** The key of a recommendation already in a document, to compare a re-scored plan with. */
    public static RankKey of(Recommendation recommendation) {
        return new RankKey(recommendation.annualCost(), recommendation.renewablePercentage(), recommendation.planId());
    }

    @Override
    public int compareTo(RankKey other) {
        int byCost = annualCost.compareTo(other.annualCost);
        if (byCost != 0) {
            return byCost;
        }
        int byRenewable = other.renewablePercentage.compareTo(renewablePercentage);
        if (byRenewable != 0) {
            return byRenewable;
        }
        return compareCodePoints(planId, other.planId);
    }

    /**
     * Compares strings by Unicode code point, i.e. binary UTF-8 order. {@link String#compareTo} compares UTF-16 units,
     * which orders supplementary characters (surrogates, 0xD800..) below U+E000..U+FFFF.
     */
    public static int compareCodePoints(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        // A prefix comes first.
        return Boolean.compare(i < left.length(), j < right.length());
    }
}
