package io.treebeard.tariff;

import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import java.math.BigDecimal;

/** Which plans a user may be offered (contract section 4). */
public final class Eligibility {

    private Eligibility() {
    }

    /**
     * Whether {@code plan} is active, sold in the user's region, renewable enough, short enough, and not the user's
     * current plan.
     */
    public static boolean isEligible(UserProfile user, Plan plan) {
        Preferences preferences = user.preferences();
        return plan.isActive()
                && user.region() != null
                && plan.availableRegions().contains(user.region())
                && renewableEnough(plan.renewablePercentage(), preferences)
                && preferences.acceptsContractMonths(plan.contractMonths())
                && !plan.planId().equals(user.currentPlanId());
    }

    private static boolean renewableEnough(BigDecimal renewablePercentage, Preferences preferences) {
        // Compared as decimals: the double 33.3 of a preference is the decimal 33.3, like the plan's numeric(5,2).
        return renewablePercentage.compareTo(BigDecimal.valueOf(preferences.effectiveMinRenewablePct())) >= 0;
    }
}
