package io.treebeard.tariff;

import io.treebeard.schemas.model.Plan;

/**
 * One plan priced for one user.
 *
 * @param plan     the catalog plan
 * @param eligible whether the user may be offered it ({@link Eligibility})
 * @param costs    its costs over the user's window, computed even when not eligible
 */
public record ScoredPlan(Plan plan, boolean eligible, PlanCosts costs) {

    /** The plan's place in the ranking. */
    public RankKey rankKey() {
        return new RankKey(costs.annualCost(), plan.renewablePercentage(), plan.planId());
    }
}
