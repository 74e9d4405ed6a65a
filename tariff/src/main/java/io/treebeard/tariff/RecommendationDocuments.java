package io.treebeard.tariff;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import java.math.BigDecimal;

/** Comparisons of recommendation documents: a new version is emitted only when the content changes (section 4). */
public final class RecommendationDocuments {

    private RecommendationDocuments() {
    }

    /**
     * Whether two documents say the same thing, ignoring {@code version} and {@code generated_at}. Decimals compare by
     * value (100.0 equals 100.00), since a document read back from JSON need not keep the scale it was written with.
     */
    public static boolean sameContent(RecommendationDocument left, RecommendationDocument right) {
        return normalized(left).equals(normalized(right));
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
