package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.plan;
import static io.treebeard.tariff.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RankingPropertiesTest {

    private static final UsageProfile USAGE = UsageProfiles.compute(List.of(reading("2026-10-31", "10")));

    @Property
    void rankingIsAntisymmetric(@ForAll("keys") RankKey a, @ForAll("keys") RankKey b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
    }

    @Property
    void rankingIsTransitive(@ForAll("keys") RankKey a, @ForAll("keys") RankKey b, @ForAll("keys") RankKey c) {
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void keysRankEqualOnlyForTheSamePlanId(@ForAll("keys") RankKey a, @ForAll("keys") RankKey b) {
        if (a.compareTo(b) == 0) {
            assertThat(a.planId()).isEqualTo(b.planId());
        }
    }

    @Property
    void planIdsCompareByCodePoints(@ForAll("ids") String a, @ForAll("ids") String b) {
        int expected = Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

        assertThat(Integer.signum(RankKey.compareCodePoints(a, b))).isEqualTo(Integer.signum(expected));
    }

    @Property
    void shuffledCatalogGivesTheSameDocument(@ForAll("catalogs") List<Plan> catalog, @ForAll long seed) {
        List<Plan> shuffled = new ArrayList<>(catalog);
        Collections.shuffle(shuffled, new Random(seed));
        var user = Fixtures.user(null, null, new Preferences(null, null, 20));

        RecommendationDocument original = Recommender.recommend(user, USAGE, catalog, 1, Instant.EPOCH);
        RecommendationDocument reordered = Recommender.recommend(user, USAGE, shuffled, 1, Instant.EPOCH);

        assertThat(reordered).isEqualTo(original);
        List<RankKey> keys = original.recommendations().stream().map(RankKey::of).toList();
        assertThat(keys).isSortedAccordingTo(RankKey::compareTo);
    }

    @Provide
    Arbitrary<RankKey> keys() {
        // Few distinct costs and shares, so that ties are frequent; scales differ to check comparison by value.
        Arbitrary<BigDecimal> cost = Arbitraries.of("1.00", "2.00", "2.0", "2.50").map(BigDecimal::new);
        Arbitrary<BigDecimal> renewable = Arbitraries.of("0.00", "50.00", "50", "100.00").map(BigDecimal::new);
        return Combinators.combine(cost, renewable, ids()).as(RankKey::new);
    }

    @Provide
    Arbitrary<String> ids() {
        // ASCII of both cases, a high BMP character and a supplementary one: the cases where orders differ.
        return Arbitraries.of("a", "B", "b", "-", "\uFB01", "\uD83D\uDE00").list().ofMinSize(1).ofMaxSize(3)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<Plan>> catalogs() {
        Arbitrary<Plan> plans = Combinators.combine(ids(), Arbitraries.of(0.10, 0.11, 0.12), Arbitraries.of("0.00", "50.00", "100.00"))
                .as((id, rate, renewable) -> plan(id).flatRate(rate).renewable(renewable).build());
        return plans.list().ofMaxSize(25).uniqueElements(Plan::planId);
    }
}
