package io.treebeard.tariff.internal;

import io.treebeard.schemas.model.Plan;
import io.treebeard.tariff.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The free-text {@code reasons} of a recommendation: a few short facts a user weighs when switching. */
public final class Reasons {

    private Reasons() {
    }

    /**
     * Reasons for one candidate.
     *
     * @param savings       null when the current plan is unknown
     * @param switchingCost 0 when leaving the current plan costs nothing
     */
    public static List<String> of(Plan plan, BigDecimal annualCost, BigDecimal savings, BigDecimal switchingCost) {
        List<String> reasons = new ArrayList<>(4);
        reasons.add(cost(annualCost, savings));
        if (switchingCost.signum() > 0) {
            reasons.add("Early termination fee of " + Money.format(switchingCost) + " applies");
        }
        if (plan.renewablePercentage().signum() > 0) {
            reasons.add(plan.renewablePercentage().stripTrailingZeros().toPlainString() + "% renewable");
        }
        reasons.add(plan.contractMonths() == 0 ? "No contract" : plan.contractMonths() + "-month contract");
        return List.copyOf(reasons);
    }

    private static String cost(BigDecimal annualCost, BigDecimal savings) {
        if (savings == null) {
            return "Estimated at " + Money.format(annualCost) + " a year";
        }
        return switch (savings.signum()) {
            case 1 -> "Saves " + Money.format(savings) + " a year against your current plan";
            case -1 -> "Costs " + Money.format(savings) + " a year more than your current plan";
            default -> "Costs the same as your current plan";
        };
    }
}
