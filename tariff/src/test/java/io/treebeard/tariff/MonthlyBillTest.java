package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.RateStructure.Tiered;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonthlyBillTest {

    private static final double EPS = 1e-9;

    /** Blocks: (0, 500] at 0.10, (500, 1000] at 0.12, above 1000 at 0.15. */
    private static final RateStructure TIERED = new RateStructure(0.0,
            new Tiered(List.of(new Tier(500.0, 0.10), new Tier(1000.0, 0.12), new Tier(null, 0.15))), List.of(), null);

    @Test
    void flatBillIsMonthlyFeePlusKwhTimesRate() {
        // 4.95 + 1000 x 0.129 = 4.95 + 129 = 133.95
        RateStructure rates = flat(4.95, 0.129, List.of(), null);
        assertThat(MonthlyBill.of(rates, 1000, 400)).isCloseTo(133.95, within(EPS));
    }

    @Test
    void kwhExactlyAtTierBoundIsBilledEntirelyInThatTier() {
        // 500 x 0.10 = 50.00
        assertThat(MonthlyBill.of(TIERED, 500, 0)).isCloseTo(50.00, within(EPS));
        // 500 x 0.10 + 500 x 0.12 = 50 + 60 = 110.00
        assertThat(MonthlyBill.of(TIERED, 1000, 0)).isCloseTo(110.00, within(EPS));
    }

    @Test
    void oneKwhAboveTierBoundIsBilledAtTheNextTierRate() {
        // 500 x 0.10 + 1 x 0.12 = 50.12
        assertThat(MonthlyBill.of(TIERED, 501, 0)).isCloseTo(50.12, within(EPS));
        // 50 + 60 + 1 x 0.15 = 110.15
        assertThat(MonthlyBill.of(TIERED, 1001, 0)).isCloseTo(110.15, within(EPS));
    }

    @Test
    void tieredBillOfZeroKwhIsZero() {
        assertThat(MonthlyBill.of(TIERED, 0, 0)).isZero();
    }

    @Test
    void touBillsPeakAndOffPeakKwhAtTheirRates() {
        // 4.95 + 400 x 0.22 + (1000 - 400) x 0.08 = 4.95 + 88 + 48 = 140.95
        RateStructure rates = new RateStructure(4.95, new Tou(0.22, 0.08), List.of(), null);
        assertThat(MonthlyBill.of(rates, 1000, 400)).isCloseTo(140.95, within(EPS));
    }

    @Test
    void creditAppliesFromItsMinKwhInclusive() {
        RateStructure rates = flat(0.0, 0.10, List.of(new BillCredit(1000, 2000.0, 100)), null);
        // 999.999 x 0.10 = 99.9999, below the band: no credit
        assertThat(MonthlyBill.of(rates, 999.999, 0)).isCloseTo(99.9999, within(EPS));
        // 1000 x 0.10 - 100 = 0
        assertThat(MonthlyBill.of(rates, 1000, 0)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void creditAppliesUpToItsMaxKwhInclusive() {
        RateStructure rates = flat(0.0, 0.10, List.of(new BillCredit(1000, 2000.0, 100)), null);
        // 2000 x 0.10 - 100 = 100
        assertThat(MonthlyBill.of(rates, 2000, 0)).isCloseTo(100.0, within(EPS));
        // 2000.001 x 0.10 = 200.0001, above the band: no credit
        assertThat(MonthlyBill.of(rates, 2000.001, 0)).isCloseTo(200.0001, within(EPS));
    }

    @Test
    void creditWithoutMaxKwhHasNoUpperBoundAndApplicableCreditsAddUp() {
        List<BillCredit> credits = List.of(new BillCredit(1000, 2000.0, 100), new BillCredit(1500, null, 25));
        RateStructure rates = flat(0.0, 0.10, credits, null);
        // 1500 x 0.10 - 100 - 25 = 25
        assertThat(MonthlyBill.of(rates, 1500, 0)).isCloseTo(25.0, within(EPS));
        // 50000 x 0.10 - 25 = 4975: only the unbounded credit applies
        assertThat(MonthlyBill.of(rates, 50_000, 0)).isCloseTo(4975.0, within(EPS));
    }

    @Test
    void minimumUsageFeeIsChargedJustUnderItsBound() {
        RateStructure rates = flat(0.0, 0.10, List.of(), new MinimumUsage(500, 9.95));
        // 499.999 x 0.10 + 9.95 = 49.9999 + 9.95 = 59.9499
        assertThat(MonthlyBill.of(rates, 499.999, 0)).isCloseTo(59.9499, within(EPS));
    }

    @Test
    void minimumUsageFeeIsNotChargedAtItsBound() {
        RateStructure rates = flat(0.0, 0.10, List.of(), new MinimumUsage(500, 9.95));
        // 500 x 0.10 = 50, no fee
        assertThat(MonthlyBill.of(rates, 500, 0)).isCloseTo(50.0, within(EPS));
    }

    @Test
    void billLargerCreditThanChargesIsClampedAtZero() {
        RateStructure rates = flat(4.95, 0.10, List.of(new BillCredit(0, null, 100)), null);
        // 4.95 + 300 x 0.10 - 100 = -65.05, clamped to 0
        double bill = MonthlyBill.of(rates, 300, 0);
        assertThat(bill).isZero();
        assertThat(Double.compare(bill, 0.0)).as("not -0.0").isZero();
    }

    @Test
    void feeCreditAndMinimumUsageCombineInOneBill() {
        RateStructure rates = flat(4.95, 0.10, List.of(new BillCredit(0, 100.0, 2)), new MinimumUsage(500, 9.95));
        // 4.95 + 100 x 0.10 + 9.95 - 2 = 4.95 + 10 + 9.95 - 2 = 22.90
        assertThat(MonthlyBill.of(rates, 100, 0)).isCloseTo(22.90, within(EPS));
    }
}
