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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Splicing one changed plan into a stored document gives exactly the document recomputed over the whole catalog. */
class RecommenderRescoreOneTest {

    private static final Instant BEFORE = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant AFTER = Instant.parse("2026-11-02T00:00:00Z");
    private static final UsageProfile USAGE = UsageProfiles.compute(List.of(reading("2026-10-31", "10"),
            reading("2026-09-15", "23.5")));

    @Test
    void cheaperListedPlanIsSplicedWithoutARecompute() {
        UserProfile user = user(null, null, Preferences.NONE);
        List<Plan> before = List.of(plan("p-a").flatRate(0.10).build(), plan("p-b").flatRate(0.11).build(),
                plan("p-c").flatRate(0.12).build());
        Plan changed = plan("p-c").flatRate(0.05).build();

        Optional<RecommendationDocument> spliced = splice(user, before, "p-c", changed);

        assertThat(spliced).isPresent();
        assertThat(spliced.get().recommendations()).extracting(r -> r.planId()).containsExactly("p-c", "p-a", "p-b");
        assertThat(spliced.get()).isEqualTo(recompute(user, replace(before, "p-c", changed)));
    }

    @Test
    void listedPlanLeavingAFullListNeedsARecompute() {
        UserProfile user = user(null, null, new Preferences(null, null, 2));
        List<Plan> before = List.of(plan("p-a").flatRate(0.10).build(), plan("p-b").flatRate(0.11).build(),
                plan("p-c").flatRate(0.12).build());

        assertThat(splice(user, before, "p-a", plan("p-a").flatRate(0.50).build())).isEmpty();
        assertThat(splice(user, before, "p-a", null)).isEmpty();
    }

    @Test
    void lastListedPlanOfAFullListThatGetsNoDearerStaysWithoutARecompute() {
        UserProfile user = user(null, null, new Preferences(null, null, 2));
        List<Plan> before = List.of(plan("p-a").flatRate(0.10).build(), plan("p-b").flatRate(0.11).build(),
                plan("p-c").flatRate(0.12).build());
        Plan renamed = plan("p-b").flatRate(0.11).build();

        Optional<RecommendationDocument> spliced = splice(user, before, "p-b", renamed);

        assertThat(spliced).isPresent();
        assertThat(spliced.get()).isEqualTo(recompute(user, replace(before, "p-b", renamed)));
    }

    @Test
    void changeOfTheCurrentPlanNeedsARecompute() {
        UserProfile user = user("p-cur", null, Preferences.NONE);
        List<Plan> before = List.of(plan("p-a").flatRate(0.10).build(), plan("p-cur").flatRate(0.2).build());

        assertThat(splice(user, before, "p-cur", plan("p-cur").flatRate(0.3).build())).isEmpty();
    }

    @Test
    void unlistedPlanStillRankedOutLeavesTheStoredDocument() {
        UserProfile user = user(null, null, new Preferences(null, null, 1));
        List<Plan> before = List.of(plan("p-a").flatRate(0.10).build(), plan("p-b").flatRate(0.11).build());
        RecommendationDocument stored = recompute(user, before, 1, BEFORE);

        Optional<RecommendationDocument> spliced = Recommender.rescoreOne(stored, user, USAGE, "p-b",
                plan("p-b").flatRate(0.105).build(), 2, AFTER);

        assertThat(spliced).containsSame(stored);
    }

    @Property(tries = 3000)
    void splicedDocumentEqualsTheFullRecomputation(@ForAll("catalogs") List<Plan> before, @ForAll("users") UserProfile user,
            @ForAll @IntRange(min = 0, max = 5) int changedIndex, @ForAll("changes") Optional<Plan> changedTemplate,
            @ForAll("usages") UsageProfile usage) {
        String changedId = "p-" + changedIndex;
        Plan changed = changedTemplate.map(p -> withId(p, changedId)).orElse(null);
        RecommendationDocument stored = Recommender.recommend(user, usage, before, 7, BEFORE);

        Optional<RecommendationDocument> spliced = Recommender.rescoreOne(stored, user, usage, changedId, changed, 8, AFTER);

        Statistics.label("spliced").collect(spliced.isPresent() ? (spliced.get() == stored ? "unchanged" : "spliced") : "recompute");
        if (spliced.isPresent()) {
            List<Plan> after = changed == null ? without(before, changedId) : replace(before, changedId, changed);
            RecommendationDocument expected = Recommender.recommend(user, usage, after, 8, AFTER);
            if (spliced.get() == stored) {
                assertThat(RecommendationDocuments.sameContent(stored, expected)).isTrue();
            } else {
                assertThat(spliced.get()).isEqualTo(expected);
            }
        }
    }

    @Provide
    Arbitrary<List<Plan>> catalogs() {
        return Arbitraries.integers().between(0, 6).flatMap(size -> plans().list().ofSize(size)).map(list -> {
            List<Plan> withIds = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                withIds.add(withId(list.get(i), "p-" + i));
            }
            return withIds;
        });
    }

    @Provide
    Arbitrary<Optional<Plan>> changes() {
        return plans().optional(0.85);
    }

    @Provide
    Arbitrary<UserProfile> users() {
        Arbitrary<String> current = Arbitraries.of("p-0", "p-1", "p-5", "p-x").injectNull(0.4);
        Arbitrary<String> contractEnd = Arbitraries.of("2026-01-01", "2027-06-30").injectNull(0.5);
        Arbitrary<Preferences> preferences = Combinators.combine(Arbitraries.of(0.0, 50.0).injectNull(0.5),
                Arbitraries.of(6, 12).injectNull(0.6), Arbitraries.integers().between(1, 4).injectNull(0.3)).as(Preferences::new);
        return Combinators.combine(current, contractEnd, preferences).as(Fixtures::user);
    }

    @Provide
    Arbitrary<UsageProfile> usages() {
        return Arbitraries.of(USAGE, UsageProfile.EMPTY, UsageProfiles.compute(List.of(reading("2026-10-31", "1000"))));
    }

    private static Arbitrary<Plan> plans() {
        // Few distinct rates, so equal annual costs (ties broken by renewable share, then plan id) are common.
        return Combinators.combine(Arbitraries.of(0.10, 0.11, 0.12, 0.2), Arbitraries.of("0.00", "50.00", "100"),
                Arbitraries.of(true, true, true, false), Arbitraries.of(0, 12), Arbitraries.of("0.00", "150.00"),
                Arbitraries.of(true, true, false)).as((rate, renewable, active, months, fee, inRegion) -> {
                    Fixtures.PlanBuilder b = plan("p-?").flatRate(rate).renewable(renewable).contractMonths(months)
                            .earlyTerminationFee(fee);
                    if (!active) {
                        b.inactive();
                    }
                    if (!inRegion) {
                        b.regions("ELSEWHERE");
                    }
                    return b.build();
                });
    }

    private static Plan withId(Plan p, String planId) {
        return new Plan(planId, p.provider(), p.name(), p.availableRegions(), p.isActive(), p.rateStructure(),
                p.renewablePercentage(), p.contractMonths(), p.earlyTerminationFee(), p.updatedAt());
    }

    private static Optional<RecommendationDocument> splice(UserProfile user, List<Plan> before, String planId, Plan changed) {
        return Recommender.rescoreOne(recompute(user, before, 1, BEFORE), user, USAGE, planId, changed, 2, AFTER);
    }

    private static RecommendationDocument recompute(UserProfile user, List<Plan> catalog) {
        return recompute(user, catalog, 2, AFTER);
    }

    private static RecommendationDocument recompute(UserProfile user, List<Plan> catalog, long version, Instant at) {
        return Recommender.recommend(user, USAGE, catalog, version, at);
    }

    private static List<Plan> replace(List<Plan> catalog, String planId, Plan changed) {
        List<Plan> after = new ArrayList<>(without(catalog, planId));
        after.add(changed);
        return after;
    }

    private static List<Plan> without(List<Plan> catalog, String planId) {
        return catalog.stream().filter(p -> !p.planId().equals(planId)).toList();
    }
}
