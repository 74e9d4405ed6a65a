package io.treebeard.tariff;

import io.treebeard.schemas.model.RateStructure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a plan would have cost over a usage profile's window (contract section 4).
 *
 * @param annualCost   the sum of the 12 unrounded monthly bills, rounded half-up to cents
 * @param monthlyCosts each monthly bill rounded half-up to cents, oldest month first; they need not add up to
 *                     {@code annualCost}, which is rounded once
 */
public record PlanCosts(BigDecimal annualCost, List<BigDecimal> monthlyCosts) {

    /** Copies the monthly costs, keeping the record immutable. */
    public PlanCosts {
        monthlyCosts = List.copyOf(monthlyCosts);
    }

    /**
     * Only the annual cost of {@code rates} over the window of {@code usage}, equal to {@code of(rates,
     * usage).annualCost()}: enough to rank a plan, without rounding twelve monthly bills.
     */
    public static BigDecimal annualCost(RateStructure rates, UsageProfile usage) {
        double annual = 0.0;
        for (UsageProfile.MonthUsage month : usage.months()) {
            annual += MonthlyBill.of(rates, month.kwh(), month.peakKwh());
        }
        return Money.cents(annual);
    }

    /** Prices {@code rates} over the window of {@code usage}; an empty window costs 0.00. */
    public static PlanCosts of(RateStructure rates, UsageProfile usage) {
        double annual = 0.0;
        List<BigDecimal> monthly = new ArrayList<>(usage.months().size());
        for (UsageProfile.MonthUsage month : usage.months()) {
            double bill = MonthlyBill.of(rates, month.kwh(), month.peakKwh());
            annual += bill;
            monthly.add(Money.cents(bill));
        }
        return new PlanCosts(Money.cents(annual), monthly);
    }
}
