package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.plan;
import static io.treebeard.tariff.Fixtures.reading;
import static io.treebeard.tariff.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The top-2 of these tests: p-10 (365.00) and p-11 (401.50); p-13 is eligible but ranked out. */
class RecommenderMayChangeTest {

    private static final UsageProfile USAGE = UsageProfiles.compute(List.of(reading("2026-10-31", "10")));
    private static final UserProfile USER = user("p-cur", null, new Preferences(null, null, 2));
    private static final List<Plan> CATALOG = List.of(plan("p-cur").flatRate(0.2).build(), plan("p-10").flatRate(0.10).build(),
            plan("p-11").flatRate(0.11).build(), plan("p-13").flatRate(0.13).build());
    private static final RecommendationDocument STORED = Recommender.recommend(USER, USAGE, CATALOG, 1, Instant.EPOCH);

    @Test
    void unlistedPlanStillRankedOutDoesNotChangeTheDocument() {
        assertThat(mayChange("p-13", plan("p-13").flatRate(0.12).build())).isFalse();
    }

    @Test
    void unlistedPlanThatBecomesCheaperThanTheLastListedMayChangeIt() {
        assertThat(mayChange("p-13", plan("p-13").flatRate(0.105).build())).isTrue();
    }

    @Test
    void newIneligiblePlanDoesNotChangeTheDocument() {
        assertThat(mayChange("p-new", plan("p-new").flatRate(0.01).inactive().build())).isFalse();
    }

    @Test
    void deletedUnlistedPlanDoesNotChangeTheDocument() {
        assertThat(Recommender.mayChange(STORED, USER, "p-13", null)).isFalse();
    }

    @Test
    void anyChangeOfAListedPlanMayChangeTheDocument() {
        assertThat(mayChange("p-11", plan("p-11").flatRate(0.11).build())).isTrue();
        assertThat(Recommender.mayChange(STORED, USER, "p-10", null)).isTrue();
    }

    @Test
    void anyChangeOfTheCurrentPlanMayChangeTheDocument() {
        assertThat(mayChange("p-cur", plan("p-cur").flatRate(0.2).build())).isTrue();
    }

    @Test
    void newlyEligiblePlanJoinsAListShorterThanTopN() {
        RecommendationDocument shortList = Recommender.recommend(USER, USAGE, CATALOG.subList(0, 2), 1, Instant.EPOCH);

        ScoredPlan dear = Recommender.score(USER, USAGE, plan("p-99").flatRate(0.99).build());

        assertThat(Recommender.mayChange(shortList, USER, "p-99", dear)).isTrue();
    }

    @Test
    void planChangesDoNotAffectAUserWithoutReadingsUnlessItIsTheCurrentPlan() {
        UsageProfile none = UsageProfile.EMPTY;
        RecommendationDocument insufficient = Recommender.recommend(USER, none, CATALOG, 1, Instant.EPOCH);

        assertThat(Recommender.mayChange(insufficient, USER, "p-new", Recommender.score(USER, none, plan("p-new").build())))
                .isFalse();
        assertThat(Recommender.mayChange(insufficient, USER, "p-cur", null)).isTrue();
    }

    private static boolean mayChange(String planId, Plan changed) {
        return Recommender.mayChange(STORED, USER, planId, Recommender.score(USER, USAGE, changed));
    }
}
