package io.treebeard.tariff;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.tariff.internal.Decimals;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code efl_avg_price_cents_per_kwh} of a plan (contract section 5), as on an Electricity Facts Label. */
public final class EflPrices {

    /** The monthly consumptions of the label, in the order of the map. */
    public static final List<Integer> KWH_LEVELS = List.of(500, 1000, 2000);

    /** The peak share assumed for time-of-use tariffs. */
    public static final double PEAK_SHARE = 0.40;

    private EflPrices() {
    }

    /** The average price at 500, 1000 and 2000 kWh, keyed {@code "500"}, {@code "1000"}, {@code "2000"} in that order. */
    public static Map<String, BigDecimal> of(RateStructure rates) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (int kwh : KWH_LEVELS) {
            prices.put(Integer.toString(kwh), at(rates, kwh));
        }
        return Collections.unmodifiableMap(prices);
    }

    /**
     * The monthly bill at {@code kwh} (peak kWh = 0.40 x kWh), divided by kWh, x 100, rounded half-up to 0.1 cent.
     *
     * @param kwh a positive monthly consumption
     */
    public static BigDecimal at(RateStructure rates, int kwh) {
        if (kwh <= 0) {
            throw new IllegalArgumentException("kwh must be positive: " + kwh);
        }
        double bill = MonthlyBill.of(rates, kwh, PEAK_SHARE * kwh);
        return Decimals.halfUp(bill / kwh * 100, 1);
    }
}
