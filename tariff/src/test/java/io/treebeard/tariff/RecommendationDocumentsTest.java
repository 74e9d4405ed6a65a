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

    private static RecommendationDocument recommend(List<Plan> catalog, long version, Instant generatedAt) {
        return Recommender.recommend(user("p-cur", null, Preferences.NONE), USAGE, catalog, version, generatedAt);
    }
}
