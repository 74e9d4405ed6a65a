package io.treebeard.tariff;

import io.treebeard.schemas.model.Plan;
import java.math.BigDecimal;

/**
 * One plan priced for one user.
 *
 * @param plan       the catalog plan
 * @param eligible   whether the user may be offered it ({@link Eligibility})
 * @param annualCost its annual cost over the user's window
 *                   ({@link PlanCosts#annualCost(io.treebeard.schemas.model.RateStructure, UsageProfile)}), computed
 *                   even when not eligible
 */
public record ScoredPlan(Plan plan, boolean eligible, BigDecimal annualCost) {

    /** The plan's place in the ranking. */
    public RankKey rankKey() {
        return new RankKey(annualCost, plan.renewablePercentage(), plan.planId());
    }
}
