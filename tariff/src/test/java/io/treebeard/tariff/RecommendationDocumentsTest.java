package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.plan;
import static io.treebeard.tariff.Fixtures.reading;
import static io.treebeard.tariff.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RecommendationDocumentsTest {

    private static final UsageProfile USAGE = UsageProfiles.compute(List.of(reading("2026-10-31", "10")));
    private static final List<Plan> CATALOG = List.of(plan("p-cur").flatRate(0.12).build(), plan("p-a").build());

    @Test
    void documentsDifferingOnlyInVersionAndGenerationTimeHaveTheSameContent() {
        RecommendationDocument first = recommend(CATALOG, 1, Instant.parse("2026-11-25T10:00:00Z"));
        RecommendationDocument second = recommend(CATALOG, 2, Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(RecommendationDocuments.sameContent(first, second)).isTrue();
    }

    @Test
    void decimalsCompareByValueNotScale() {
        RecommendationDocument doc = recommend(CATALOG, 1, Instant.EPOCH);
        RecommendationDocument rescaled = new RecommendationDocument(doc.userId(), doc.version(), doc.generatedAt(), doc.asOf(),
                doc.status(), doc.region(), doc.confidence(), doc.annualKwh(), doc.monthsWithData(),
                new CurrentPlan("p-cur", new BigDecimal("438.0")), doc.recommendations());

        assertThat(RecommendationDocuments.sameContent(doc, rescaled)).isTrue();
    }

    @Test
    void changedCostMakesDifferentContent() {
        RecommendationDocument before = recommend(CATALOG, 1, Instant.EPOCH);
        RecommendationDocument after = recommend(List.of(CATALOG.get(0), plan("p-a").flatRate(0.1001).build()), 1, Instant.EPOCH);

        assertThat(RecommendationDocuments.sameContent(before, after)).isFalse();
    }

    @Property(tries = 2000)
    void fieldByFieldComparisonAgreesWithComparingNormalisedCopies(@ForAll @IntRange(min = 0, max = 3) int leftRate,
            @ForAll @IntRange(min = 0, max = 3) int rightRate, @ForAll boolean leftHasCurrent, @ForAll boolean rightHasCurrent,
            @ForAll boolean rescale, @ForAll @IntRange(min = 1, max = 3) int topN) {
        RecommendationDocument left = Recommender.recommend(user(leftHasCurrent ? "p-cur" : null, null, new Preferences(null, null, topN)),
                USAGE, catalog(leftRate), 1, Instant.EPOCH);
        RecommendationDocument right = Recommender.recommend(user(rightHasCurrent ? "p-cur" : null, null, Preferences.NONE), USAGE,
                catalog(rightRate), 2, Instant.now());
        if (rescale) {
            right = new RecommendationDocument(right.userId(), right.version(), right.generatedAt(), right.asOf(), right.status(),
                    right.region(), right.confidence(), right.annualKwh(), right.monthsWithData(), right.currentPlan(),
                    right.recommendations().stream().map(r -> new RecommendationDocument.Recommendation(r.rank(), r.planId(),
                            r.provider(), r.name(), r.annualCost().setScale(4), r.monthlyCosts(), r.savings(), r.switchingCost(),
                            r.netFirstYearSavings(), r.renewablePercentage().setScale(3), r.contractMonths(), r.reasons())).toList());
        }

        assertThat(RecommendationDocuments.sameContent(left, right))
                .isEqualTo(RecommendationDocuments.sameContentByNormalizing(left, right));
    }

    private static List<Plan> catalog(int rate) {
        return List.of(plan("p-cur").flatRate(0.12).build(), plan("p-a").flatRate(0.10 + rate / 100.0).build(),
                plan("p-b").flatRate(0.11).build(), plan("p-c").flatRate(0.13).renewable("50").build());
    }

    private static RecommendationDocument recommend(List<Plan> catalog, long version, Instant generatedAt) {
        return Recommender.recommend(user("p-cur", null, Preferences.NONE), USAGE, catalog, version, generatedAt);
    }
}
