package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.REGION;
import static io.treebeard.tariff.Fixtures.plan;
import static io.treebeard.tariff.Fixtures.reading;
import static io.treebeard.tariff.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.event.RecommendationDocument.Status;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unless a test says otherwise the user has one reading, 10 kWh on 2026-10-31: every month of the Nov 2025..Oct 2026
 * window is 10 kWh a day (filled or measured), 3650 kWh over its 365 days, so a flat rate r costs 3650 x r a year and
 * each month costs 10 x days x r.
 */
class RecommenderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");
    private static final List<UsageReading> READINGS = List.of(reading("2026-10-31", "10"));
    private static final UsageProfile USAGE = UsageProfiles.compute(READINGS);

    @Test
    void documentRanksCandidatesWithCostsSavingsAndSwitchingCost() {
        Plan current = plan("p-cur").flatRate(0.12).earlyTerminationFee("150.00").contractMonths(12).build();
        Plan candidate = plan("p-a").flatRate(0.10).renewable("100.00").contractMonths(12).build();
        UserProfile user = user("p-cur", "2027-01-31", Preferences.NONE);

        RecommendationDocument doc = Recommender.recommend(user, USAGE, List.of(current, candidate), 17, NOW);

        assertThat(doc.userId()).isEqualTo("u-1");
        assertThat(doc.version()).isEqualTo(17);
        assertThat(doc.generatedAt()).isEqualTo(NOW);
        assertThat(doc.asOf()).isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(doc.status()).isEqualTo(Status.ok);
        assertThat(doc.region()).isEqualTo(REGION);
        assertThat(doc.confidence()).isEqualTo(0.08);
        assertThat(doc.annualKwh()).isEqualTo(3650.0);
        assertThat(doc.monthsWithData()).isEqualTo(1);
        // 3650 x 0.12 = 438.00
        assertThat(doc.currentPlan()).isEqualTo(new CurrentPlan("p-cur", new BigDecimal("438.00")));
        Recommendation first = doc.recommendations().get(0);
        assertThat(first.rank()).isEqualTo(1);
        assertThat(first.planId()).isEqualTo("p-a");
        assertThat(first.provider()).isEqualTo("Provider p-a");
        assertThat(first.name()).isEqualTo("Plan p-a");
        // 3650 x 0.10 = 365.00; months Nov..Oct: 10 x days x 0.10 = days
        assertThat(first.annualCost()).hasToString("365.00");
        assertThat(first.monthlyCosts()).extracting(BigDecimal::toPlainString).containsExactly(
                "30.00", "31.00", "31.00", "28.00", "31.00", "30.00", "31.00", "30.00", "31.00", "31.00", "30.00", "31.00");
        // savings 438.00 - 365.00 = 73.00; the contract ends after as_of: switching 150.00, net 73.00 - 150.00 = -77.00
        assertThat(first.savings()).hasToString("73.00");
        assertThat(first.switchingCost()).hasToString("150.00");
        assertThat(first.netFirstYearSavings()).hasToString("-77.00");
        assertThat(first.renewablePercentage()).isEqualByComparingTo("100");
        assertThat(first.contractMonths()).isEqualTo(12);
        assertThat(first.reasons()).containsExactly("Saves $73.00 a year against your current plan",
                "Early termination fee of $150.00 applies", "100% renewable", "12-month contract");
    }

    @Test
    void eligibilityRequiresActiveRegionRenewableContractLengthAndNotTheCurrentPlan() {
        UserProfile user = user("p-current", null, new Preferences(50.0, 12, 20));
        List<Plan> catalog = List.of(
                plan("p-ok").renewable("50.00").contractMonths(12).build(),
                plan("p-multi-region").renewable("60.00").regions("TX-SOUTH", REGION).build(),
                plan("p-inactive").renewable("100.00").inactive().build(),
                plan("p-other-region").renewable("100.00").regions("TX-SOUTH").build(),
                plan("p-less-renewable").renewable("49.99").build(),
                plan("p-longer-contract").renewable("100.00").contractMonths(13).build(),
                plan("p-current").renewable("100.00").build());

        RecommendationDocument doc = Recommender.recommend(user, USAGE, catalog, 1, NOW);

        assertThat(doc.recommendations()).extracting(Recommendation::planId).containsExactly("p-multi-region", "p-ok");
        assertThat(catalog).filteredOn(plan -> Eligibility.isEligible(user, plan)).extracting(Plan::planId)
                .containsExactly("p-ok", "p-multi-region");
    }

    @Test
    void equalAnnualCostsRankByRenewableDescendingThenPlanIdInBinaryOrder() {
        List<Plan> catalog = List.of(
                plan("p-b").renewable("50.00").build(),
                plan("p-a").renewable("50.00").build(),
                plan("p-c").renewable("100.00").build(),
                plan("P-z").renewable("50.00").build(),
                plan("p-0").flatRate(0.09).build());

        RecommendationDocument doc = Recommender.recommend(user(), USAGE, catalog, 1, NOW);

        // p-0: 3650 x 0.09 = 328.50 first; the rest cost 365.00: renewable 100 first, then "P-z" < "p-a" < "p-b" ('P' = 0x50)
        assertThat(doc.recommendations()).extracting(Recommendation::planId).containsExactly("p-0", "p-c", "P-z", "p-a", "p-b");
        assertThat(doc.recommendations()).extracting(Recommendation::rank).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void planIdTieBreakUsesCodePointsNotUtf16Units() {
        String ligature = "p-\uFB01";        // U+FB01
        String emoji = "p-\uD83D\uDE00";     // U+1F600, a surrogate pair whose first unit 0xD83D is below 0xFB01
        assertThat(emoji.compareTo(ligature)).as("UTF-16 order differs").isNegative();

        RecommendationDocument doc = Recommender.recommend(user(), USAGE,
                List.of(plan(emoji).build(), plan(ligature).build()), 1, NOW);

        assertThat(doc.recommendations()).extracting(Recommendation::planId).containsExactly(ligature, emoji);
    }

    @Test
    void topFiveAreKeptByDefaultAndTopNWhenPreferred() {
        List<Plan> catalog = List.of(
                plan("p-16").flatRate(0.16).build(), plan("p-10").flatRate(0.10).build(), plan("p-15").flatRate(0.15).build(),
                plan("p-11").flatRate(0.11).build(), plan("p-14").flatRate(0.14).build(), plan("p-12").flatRate(0.12).build(),
                plan("p-13").flatRate(0.13).build());

        RecommendationDocument byDefault = Recommender.recommend(user(), USAGE, catalog, 1, NOW);
        RecommendationDocument topTwo = Recommender.recommend(user(null, null, new Preferences(null, null, 2)), USAGE, catalog, 1,
                NOW);

        assertThat(byDefault.recommendations()).extracting(Recommendation::planId)
                .containsExactly("p-10", "p-11", "p-12", "p-13", "p-14");
        assertThat(topTwo.recommendations()).extracting(Recommendation::planId).containsExactly("p-10", "p-11");
    }

    @Test
    void currentPlanMissingFromCatalogGivesNoCurrentPlanNoSavingsAndNoSwitchingCost() {
        UserProfile user = user("p-gone", "2027-12-31", Preferences.NONE);

        RecommendationDocument doc = Recommender.recommend(user, USAGE, List.of(plan("p-a").build()), 1, NOW);

        assertThat(doc.currentPlan()).isNull();
        Recommendation only = doc.recommendations().get(0);
        assertThat(only.savings()).isNull();
        assertThat(only.netFirstYearSavings()).isNull();
        assertThat(only.switchingCost()).hasToString("0.00");
        assertThat(only.reasons()).containsExactly("Estimated at $365.00 a year", "No contract");
    }

    @Test
    void inactiveCurrentPlanFromAnotherRegionIsStillPriced() {
        Plan current = plan("p-old").flatRate(0.12).inactive().regions("TX-SOUTH").build();

        RecommendationDocument doc = Recommender.recommend(user("p-old", null, Preferences.NONE), USAGE,
                List.of(current, plan("p-a").build()), 1, NOW);

        // 3650 x 0.12 = 438.00, against 365.00: saves 73.00
        assertThat(doc.currentPlan()).isEqualTo(new CurrentPlan("p-old", new BigDecimal("438.00")));
        assertThat(doc.recommendations()).extracting(Recommendation::savings).containsExactly(new BigDecimal("73.00"));
    }

    @Test
    void contractEndingOnAsOfCostsNothingToLeave() {
        Recommendation only = recommendationWithContractEnd("2026-10-31");

        assertThat(only.switchingCost()).hasToString("0.00");
        // 438.00 - 365.00 = 73.00, nothing to pay
        assertThat(only.netFirstYearSavings()).hasToString("73.00");
        assertThat(only.reasons()).noneMatch(reason -> reason.contains("termination"));
    }

    @Test
    void contractEndingAfterAsOfCostsTheEarlyTerminationFee() {
        Recommendation only = recommendationWithContractEnd("2026-11-01");

        assertThat(only.switchingCost()).hasToString("150.00");
        // 73.00 - 150.00 = -77.00
        assertThat(only.netFirstYearSavings()).hasToString("-77.00");
    }

    @Test
    void noContractEndDateCostsNothingToLeave() {
        assertThat(recommendationWithContractEnd(null).switchingCost()).hasToString("0.00");
    }

    @Test
    void userWithoutReadingsGetsInsufficientUsageEvenWithoutEligiblePlans() {
        Plan current = plan("p-cur").flatRate(0.12).build();

        RecommendationDocument withPlans = Recommender.recommend(user("p-cur", null, Preferences.NONE), List.of(),
                List.of(current, plan("p-a").build()), 4, NOW);
        RecommendationDocument withoutPlans = Recommender.recommend(user(), List.of(), List.of(), 4, NOW);

        assertThat(withPlans.status()).isEqualTo(Status.insufficient_usage);
        assertThat(withPlans.recommendations()).isEmpty();
        assertThat(withPlans.asOf()).isNull();
        assertThat(withPlans.annualKwh()).isZero();
        assertThat(withPlans.monthsWithData()).isZero();
        assertThat(withPlans.confidence()).isZero();
        // The current plan is in the catalog, priced over an empty window: 0.00
        assertThat(withPlans.currentPlan()).isEqualTo(new CurrentPlan("p-cur", new BigDecimal("0.00")));
        assertThat(withoutPlans.status()).isEqualTo(Status.insufficient_usage);
    }

    @Test
    void userWithReadingsButNoEligiblePlanGetsNoEligiblePlans() {
        Plan current = plan("p-cur").flatRate(0.12).build();
        List<Plan> catalog = List.of(current, plan("p-inactive").inactive().build(), plan("p-south").regions("TX-SOUTH").build());

        RecommendationDocument doc = Recommender.recommend(user("p-cur", null, Preferences.NONE), READINGS, catalog, 1, NOW);

        assertThat(doc.status()).isEqualTo(Status.no_eligible_plans);
        assertThat(doc.recommendations()).isEmpty();
        assertThat(doc.asOf()).isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(doc.currentPlan()).isEqualTo(new CurrentPlan("p-cur", new BigDecimal("438.00")));
    }

    @Test
    void annualKwhOfTheDocumentIsRoundedToThreeDecimals() {
        // 1 kWh over 3 days: 1/3 a day x 365 days = 121.666.. -> 121.667
        List<UsageReading> readings = List.of(reading("2026-11-01", "1"), reading("2026-11-02", "0"), reading("2026-11-03", "0"));

        RecommendationDocument doc = Recommender.recommend(user(), readings, List.of(plan("p-a").build()), 1, NOW);

        assertThat(doc.annualKwh()).isEqualTo(121.667);
    }

    @Test
    void reasonsSayWhenACandidateCostsMoreOrTheSameAsTheCurrentPlan() {
        Plan current = plan("p-cur").flatRate(0.10).build();
        List<Plan> catalog = List.of(current, plan("p-same").renewable("45.50").build(),
                plan("p-dearer").flatRate(0.11).contractMonths(24).build());

        RecommendationDocument doc = Recommender.recommend(user("p-cur", null, Preferences.NONE), USAGE, catalog, 1, NOW);

        assertThat(doc.recommendations().get(0).reasons())
                .containsExactly("Costs the same as your current plan", "45.5% renewable", "No contract");
        // 3650 x 0.11 = 401.50, 36.50 more than 365.00
        assertThat(doc.recommendations().get(1).savings()).hasToString("-36.50");
        assertThat(doc.recommendations().get(1).reasons())
                .containsExactly("Costs $36.50 a year more than your current plan", "24-month contract");
    }

    @Test
    void scoreOfOnePlanMatchesItsEntryInTheDocument() {
        Plan candidate = plan("p-a").flatRate(0.10).build();
        Plan inactive = plan("p-b").flatRate(0.10).inactive().build();

        ScoredPlan scored = Recommender.score(user(), USAGE, candidate);
        Recommendation listed = Recommender.recommend(user(), USAGE, List.of(candidate), 1, NOW).recommendations().get(0);

        assertThat(scored.eligible()).isTrue();
        assertThat(scored.annualCost()).isEqualTo(listed.annualCost());
        assertThat(PlanCosts.of(candidate.rateStructure(), USAGE).monthlyCosts()).isEqualTo(listed.monthlyCosts());
        assertThat(scored.rankKey()).isEqualByComparingTo(RankKey.of(listed));
        assertThat(Recommender.score(user(), USAGE, inactive).eligible()).isFalse();
    }

    @Test
    void catalogWithDuplicatePlanIdsIsRejected() {
        Collection<Plan> catalog = List.of(plan("p-a").build(), plan("p-a").flatRate(0.2).build());

        assertThatIllegalArgumentException().isThrownBy(() -> Recommender.recommend(user(), USAGE, catalog, 1, NOW))
                .withMessageContaining("p-a");
    }

    private static Recommendation recommendationWithContractEnd(String contractEndDate) {
        Plan current = plan("p-cur").flatRate(0.12).earlyTerminationFee("150.00").build();
        UserProfile user = user("p-cur", contractEndDate, Preferences.NONE);
        return Recommender.recommend(user, USAGE, List.of(current, plan("p-a").build()), 1, NOW).recommendations().get(0);
    }
}
