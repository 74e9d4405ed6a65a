package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.flat;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.tariff.UsageProfile.MonthUsage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCostsTest {

    @Test
    void annualCostIsTheRoundedSumOfUnroundedBillsNotTheSumOfRoundedOnes() {
        // Every month 100.04 kWh at 0.10: a bill of 10.004, shown as 10.00;
        // the year is 12 x 10.004 = 120.048 -> 120.05, not 12 x 10.00 = 120.00
        UsageProfile usage = twelveMonthsOf(100.04);

        PlanCosts costs = PlanCosts.of(flat(0.10), usage);

        assertThat(costs.monthlyCosts()).hasSize(12).allSatisfy(cost -> assertThat(cost).hasToString("10.00"));
        assertThat(costs.annualCost()).hasToString("120.05");
        assertThat(PlanCosts.annualCost(flat(0.10), usage)).isEqualTo(costs.annualCost());
    }

    @Test
    void emptyWindowCostsNothing() {
        PlanCosts costs = PlanCosts.of(flat(0.10), UsageProfile.EMPTY);

        assertThat(costs.annualCost()).isEqualTo(new BigDecimal("0.00"));
        assertThat(costs.monthlyCosts()).isEmpty();
    }

    private static UsageProfile twelveMonthsOf(double kwh) {
        List<MonthUsage> months = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            months.add(new MonthUsage(YearMonth.of(2026, i + 1), kwh, 0.4 * kwh, 1));
        }
        return new UsageProfile(LocalDate.of(2026, 12, 1), months, 12 * kwh, kwh / 30, 0.4, 12, 1.0);
    }
}
