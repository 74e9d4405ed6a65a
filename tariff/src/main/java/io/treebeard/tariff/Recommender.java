package io.treebeard.tariff;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.event.RecommendationDocument.Status;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.internal.Decimals;
import io.treebeard.tariff.internal.Reasons;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The recommendation document of contract section 4, and the pieces a stream processor needs to keep it fresh. */
public final class Recommender {

    private Recommender() {
    }

    /**
     * Prices one plan for one user, eligible or not, so that a single changed plan can be re-scored.
     *
     * @param usage the user's usage profile; an empty one prices every plan at 0.00
     */
    public static ScoredPlan score(UserProfile user, UsageProfile usage, Plan plan) {
        return new ScoredPlan(plan, Eligibility.isEligible(user, plan), PlanCosts.annualCost(plan.rateStructure(), usage));
    }

    /**
     * The recommendation document of a user's readings, in any order.
     *
     * @see #recommend(UserProfile, UsageProfile, Collection, long, Instant)
     */
    public static RecommendationDocument recommend(UserProfile user, Collection<UsageReading> readings, Collection<Plan> catalog,
            long version, Instant generatedAt) {
        return recommend(user, UsageProfiles.compute(readings), catalog, version, generatedAt);
    }

    /**
     * The recommendation document of a user.
     *
     * @param usage       the user's usage profile
     * @param catalog     every plan, active or not; plan ids must be unique
     * @param version     the document version, chosen by the caller
     * @param generatedAt the generation time, chosen by the caller
     * @throws IllegalArgumentException when two plans of the catalog share an id
     */
    public static RecommendationDocument recommend(UserProfile user, UsageProfile usage, Collection<Plan> catalog, long version,
            Instant generatedAt) {
        requireUniqueIds(catalog);
        Plan currentPlan = findCurrentPlan(user, catalog);
        CurrentPlan current = currentPlan == null
                ? null
                : new CurrentPlan(currentPlan.planId(), PlanCosts.annualCost(currentPlan.rateStructure(), usage));
        if (!usage.hasReadings()) {
            // Without readings there is no window: zeros and no candidates, whatever the catalog holds. A catalogued
            // current plan is still reported, since section 4 nulls it only when the catalog lacks it; priced "the same
            // way" over the empty window, it costs 0.00.
            return new RecommendationDocument(user.userId(), version, generatedAt, null, Status.insufficient_usage, user.region(),
                    0.0, 0.0, 0, current, List.of());
        }
        List<ScoredPlan> ranked = rank(user, usage, catalog);
        BigDecimal switchingCost = switchingCost(user, currentPlan, usage.asOf());
        List<Recommendation> recommendations = new ArrayList<>(ranked.size());
        for (ScoredPlan scored : ranked) {
            recommendations.add(recommendation(recommendations.size() + 1, scored.plan(), usage, current, switchingCost));
        }
        Status status = recommendations.isEmpty() ? Status.no_eligible_plans : Status.ok;
        return new RecommendationDocument(user.userId(), version, generatedAt, usage.asOf(), status, user.region(),
                usage.confidence(), Decimals.roundHalfUp(usage.annualKwh(), 3), usage.monthsWithData(), current, recommendations);
    }

    /**
     * Whether a change of one plan may alter a stored document, i.e. whether the document must be recomputed over the
     * whole catalog. False means the stored document stays exactly as it is. Both the stored document and
     * {@code rescored} must come from the same user profile and usage profile.
     *
     * @param changedPlanId the plan that was upserted or deleted
     * @param rescored      the plan's new {@link #score}, or null when it was deleted
     */
    public static boolean mayChange(RecommendationDocument stored, UserProfile user, String changedPlanId, ScoredPlan rescored) {
        if (changedPlanId.equals(user.currentPlanId())) {
            // The current plan's cost feeds every savings figure, and its deletion removes current_plan.
            return true;
        }
        if (stored.status() == Status.insufficient_usage) {
            return false;
        }
        List<Recommendation> listed = stored.recommendations();
        if (listed.stream().anyMatch(r -> r.planId().equals(changedPlanId))) {
            return true;
        }
        if (rescored == null || !rescored.eligible()) {
            return false;
        }
        // A short list holds every eligible plan, so a newly eligible one joins it.
        return listed.size() < user.preferences().effectiveTopN()
                || rescored.rankKey().compareTo(RankKey.of(listed.get(listed.size() - 1))) < 0;
    }

    /**
     * The document after one plan changed, spliced from the stored one without pricing the rest of the catalog: the
     * changed plan leaves the list and, when it may still be offered and provably belongs to the top-N, re-enters at
     * its place by the ranking of section 4; the other entries are kept and only renumbered. Empty when the stored
     * list cannot tell the result, and the caller must recompute over the whole catalog: the changed plan is the
     * user's current plan (every savings figure moves), the stored document has no window, or the changed plan left a
     * full list (a plan outside the list may take its place).
     *
     * <p>The result equals {@link #recommend} over the changed catalog as long as {@code stored} was computed by it
     * from the same {@code user} and {@code usage} over the catalog before the change.
     *
     * @param changedPlanId the plan that was upserted or deleted
     * @param changed       the plan as it is now, or null when it was deleted
     * @param version       the version of the new document
     * @param generatedAt   the generation time of the new document
     */
    public static java.util.Optional<RecommendationDocument> rescoreOne(RecommendationDocument stored, UserProfile user,
            UsageProfile usage, String changedPlanId, Plan changed, long version, Instant generatedAt) {
        if (changedPlanId.equals(user.currentPlanId()) || stored.status() == Status.insufficient_usage || !usage.hasReadings()) {
            return java.util.Optional.empty();
        }
        int topN = user.preferences().effectiveTopN();
        List<Recommendation> listed = stored.recommendations();
        List<Recommendation> others = new ArrayList<>(listed.size());
        Recommendation old = null;
        for (Recommendation r : listed) {
            if (r.planId().equals(changedPlanId)) {
                old = r;
            } else {
                others.add(r);
            }
        }
        // A list shorter than top-N holds every eligible plan; a full one only the best, so what lies beyond it is unknown.
        boolean full = listed.size() >= topN;
        boolean wasListed = others.size() < listed.size();
        ScoredPlan rescored = changed == null || !Eligibility.isEligible(user, changed) ? null : score(user, usage, changed);
        int at = others.size();
        if (rescored != null) {
            RankKey key = rescored.rankKey();
            at = 0;
            while (at < others.size() && RankKey.of(others.get(at)).compareTo(key) < 0) {
                at++;
            }
        }
        // A listed plan that ranks no worse than before still beats every plan outside the list, as it did.
        boolean noWorse = old != null && rescored != null && rescored.rankKey().compareTo(RankKey.of(old)) <= 0;
        boolean joins = rescored != null && (at < others.size() || !full || noWorse || (!wasListed && others.size() < topN));
        if (wasListed && full && !joins) {
            // It left a full list or fell to its end: the best plan outside the list may belong there instead.
            return java.util.Optional.empty();
        }
        if (!joins && !wasListed) {
            // Neither listed before nor now: the document stays as it is.
            return java.util.Optional.of(stored);
        }
        BigDecimal switchingCost;
        if (!listed.isEmpty()) {
            switchingCost = listed.get(0).switchingCost();
        } else if (stored.currentPlan() == null || user.contractEndDate() == null || !user.contractEndDate().isAfter(usage.asOf())) {
            switchingCost = Money.ZERO;
        } else {
            // The early termination fee of the current plan is in no list entry here.
            return java.util.Optional.empty();
        }
        List<Recommendation> next = new ArrayList<>(others.size() + 1);
        for (int i = 0; i < others.size(); i++) {
            if (joins && i == at) {
                next.add(null);
            }
            next.add(others.get(i));
        }
        if (joins && at == others.size()) {
            next.add(null);
        }
        while (next.size() > topN) {
            next.remove(next.size() - 1);
        }
        List<Recommendation> ranked = new ArrayList<>(next.size());
        for (Recommendation r : next) {
            int rank = ranked.size() + 1;
            if (r == null) {
                ranked.add(recommendation(rank, changed, usage, stored.currentPlan(), switchingCost));
            } else {
                ranked.add(r.rank() == rank ? r : new Recommendation(rank, r.planId(), r.provider(), r.name(), r.annualCost(),
                        r.monthlyCosts(), r.savings(), r.switchingCost(), r.netFirstYearSavings(), r.renewablePercentage(),
                        r.contractMonths(), r.reasons()));
            }
        }
        Status status = ranked.isEmpty() ? Status.no_eligible_plans : Status.ok;
        return java.util.Optional.of(new RecommendationDocument(stored.userId(), version, generatedAt, stored.asOf(), status,
                stored.region(), stored.confidence(), stored.annualKwh(), stored.monthsWithData(), stored.currentPlan(), ranked));
    }

    private static List<ScoredPlan> rank(UserProfile user, UsageProfile usage, Collection<Plan> catalog) {
        return catalog.stream()
                .filter(plan -> Eligibility.isEligible(user, plan))
                .map(plan -> score(user, usage, plan))
                .sorted(Comparator.comparing(ScoredPlan::rankKey))
                .limit(user.preferences().effectiveTopN())
                .toList();
    }

    /** One listed plan; its monthly costs are rounded here, for the listed plans only. */
    private static Recommendation recommendation(int rank, Plan plan, UsageProfile usage, CurrentPlan current,
            BigDecimal switchingCost) {
        PlanCosts costs = PlanCosts.of(plan.rateStructure(), usage);
        BigDecimal annualCost = costs.annualCost();
        BigDecimal savings = current == null ? null : current.annualCost().subtract(annualCost);
        BigDecimal net = savings == null ? null : savings.subtract(switchingCost);
        return new Recommendation(rank, plan.planId(), plan.provider(), plan.name(), annualCost, costs.monthlyCosts(),
                savings, switchingCost, net, plan.renewablePercentage(), plan.contractMonths(),
                Reasons.of(plan, annualCost, savings, switchingCost));
    }

    /** The current plan's early termination fee while its contract runs past {@code asOf}; else 0. */
    private static BigDecimal switchingCost(UserProfile user, Plan currentPlan, LocalDate asOf) {
        LocalDate contractEnd = user.contractEndDate();
        if (currentPlan == null || contractEnd == null || !contractEnd.isAfter(asOf)) {
            return Money.ZERO;
        }
        return Money.cents(currentPlan.earlyTerminationFee());
    }

    private static Plan findCurrentPlan(UserProfile user, Collection<Plan> catalog) {
        if (user.currentPlanId() == null) {
            return null;
        }
        return catalog.stream().filter(plan -> plan.planId().equals(user.currentPlanId())).findFirst().orElse(null);
    }

    private static void requireUniqueIds(Collection<Plan> catalog) {
        Set<String> seen = new HashSet<>();
        for (Plan plan : catalog) {
            if (!seen.add(plan.planId())) {
                throw new IllegalArgumentException("duplicate plan_id in catalog: " + plan.planId());
            }
        }
    }
}
