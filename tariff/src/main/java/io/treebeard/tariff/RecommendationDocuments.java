package io.treebeard.tariff;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Comparisons of recommendation documents: a new version is emitted only when the content changes (section 4). */
public final class RecommendationDocuments {

    private RecommendationDocuments() {
    }

    /**
     * Whether two documents say the same thing, ignoring {@code version} and {@code generated_at}. Decimals compare by
     * value (100.0 equals 100.00), since a document read back from JSON need not keep the scale it was written with.
     */
    public static boolean sameContent(RecommendationDocument left, RecommendationDocument right) {
        // Field by field rather than by normalising copies: this runs for every user a plan change reaches.
        return Objects.equals(left.userId(), right.userId())
                && Objects.equals(left.asOf(), right.asOf())
                && left.status() == right.status()
                && Objects.equals(left.region(), right.region())
                && Double.compare(left.confidence(), right.confidence()) == 0
                && Double.compare(left.annualKwh(), right.annualKwh()) == 0
                && left.monthsWithData() == right.monthsWithData()
                && sameCurrentPlan(left.currentPlan(), right.currentPlan())
                && sameRecommendations(left.recommendations(), right.recommendations());
    }

    /** {@link #sameContent} by comparing normalised copies with {@code equals}: the definition, kept for tests. */
    static boolean sameContentByNormalizing(RecommendationDocument left, RecommendationDocument right) {
        return normalized(left).equals(normalized(right));
    }

    private static boolean sameCurrentPlan(CurrentPlan left, CurrentPlan right) {
        if (left == null || right == null) {
            return left == right;
        }
        return Objects.equals(left.planId(), right.planId()) && sameValue(left.annualCost(), right.annualCost());
    }

    private static boolean sameRecommendations(List<Recommendation> left, List<Recommendation> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            Recommendation a = left.get(i);
            Recommendation b = right.get(i);
            boolean same = a.rank() == b.rank()
                    && Objects.equals(a.planId(), b.planId())
                    && Objects.equals(a.provider(), b.provider())
                    && Objects.equals(a.name(), b.name())
                    && sameValue(a.annualCost(), b.annualCost())
                    && sameValues(a.monthlyCosts(), b.monthlyCosts())
                    && sameValue(a.savings(), b.savings())
                    && sameValue(a.switchingCost(), b.switchingCost())
                    && sameValue(a.netFirstYearSavings(), b.netFirstYearSavings())
                    && sameValue(a.renewablePercentage(), b.renewablePercentage())
                    && a.contractMonths() == b.contractMonths()
                    && Objects.equals(a.reasons(), b.reasons());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValues(List<BigDecimal> left, List<BigDecimal> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!sameValue(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Equal by value (100.0 equals 100.00); null equals only null. */
    private static boolean sameValue(BigDecimal left, BigDecimal right) {
        if (left == null || right == null) {
            return left == right;
        }
        return left.compareTo(right) == 0;
    }

    private static RecommendationDocument normalized(RecommendationDocument doc) {
        CurrentPlan current = doc.currentPlan() == null
                ? null
                : new CurrentPlan(doc.currentPlan().planId(), strip(doc.currentPlan().annualCost()));
        return new RecommendationDocument(doc.userId(), 0L, null, doc.asOf(), doc.status(), doc.region(), doc.confidence(),
                doc.annualKwh(), doc.monthsWithData(), current,
                doc.recommendations().stream().map(RecommendationDocuments::normalized).toList());
    }

    private static Recommendation normalized(Recommendation r) {
        return new Recommendation(r.rank(), r.planId(), r.provider(), r.name(), strip(r.annualCost()),
                r.monthlyCosts().stream().map(RecommendationDocuments::strip).toList(), strip(r.savings()),
                strip(r.switchingCost()), strip(r.netFirstYearSavings()), strip(r.renewablePercentage()), r.contractMonths(),
                r.reasons());
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }
}
