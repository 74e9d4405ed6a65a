package io.treebeard.tariff;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.Energy;
import io.treebeard.schemas.model.RateStructure.Flat;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.RateStructure.Tiered;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.util.List;

/**
 * The monthly bill of contract section 2, in double precision and unrounded:
 * {@code monthly_fee + energy + minimum-usage fee - credits}, never below 0.
 */
public final class MonthlyBill {

    private MonthlyBill() {
    }

    /**
     * The bill of one month.
     *
     * @param rates   the plan's tariff
     * @param kwh     the month's consumption
     * @param peakKwh the month's peak consumption, used by time-of-use tariffs only
     * @return dollars, unrounded, at least 0
     */
    public static double of(RateStructure rates, double kwh, double peakKwh) {
        double gross = rates.monthlyFee()
                + energy(rates.energy(), kwh, peakKwh)
                + minimumUsageFee(rates.minimumUsage(), kwh)
                - credits(rates.billCredits(), kwh);
        // Math.max also turns a -0.0 into 0.0.
        return Math.max(0.0, gross);
    }

    /** The energy charge of a month: flat, tiered blocks, or peak and off-peak. */
    public static double energy(Energy energy, double kwh, double peakKwh) {
        if (energy instanceof Flat flat) {
            return kwh * flat.rate();
        }
        if (energy instanceof Tiered tiered) {
            return tiered(tiered.tiers(), kwh);
        }
        if (energy instanceof Tou tou) {
            return peakKwh * tou.peakRate() + (kwh - peakKwh) * tou.offPeakRate();
        }
        throw new IllegalArgumentException("unknown energy type: " + energy);
    }

    /** The sum of the credits whose band {@code [min_kwh, max_kwh]} contains {@code kwh}. */
    public static double credits(List<BillCredit> credits, double kwh) {
        double total = 0.0;
        for (BillCredit credit : credits) {
            boolean aboveMin = kwh >= credit.minKwh();
            boolean belowMax = credit.maxKwh() == null || kwh <= credit.maxKwh();
            if (aboveMin && belowMax) {
                total += credit.credit();
            }
        }
        return total;
    }

    /** The minimum-usage fee when {@code kwh} is strictly below its bound; 0 without one. */
    public static double minimumUsageFee(MinimumUsage minimumUsage, double kwh) {
        return minimumUsage != null && kwh < minimumUsage.belowKwh() ? minimumUsage.fee() : 0.0;
    }

    /** Each tier bills the kWh in (previous bound, its bound]; the first starts at 0, the last has no bound. */
    private static double tiered(List<Tier> tiers, double kwh) {
        double energy = 0.0;
        double lower = 0.0;
        for (Tier tier : tiers) {
            double upper = tier.upToKwh() == null ? Double.POSITIVE_INFINITY : tier.upToKwh();
            if (kwh <= lower) {
                break;
            }
            energy += (Math.min(kwh, upper) - lower) * tier.rate();
            lower = upper;
        }
        return energy;
    }
}
