package io.treebeard.query.read;

import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.tariff.EflPrices;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole regional catalog, the value of {@code tb:catalog:{region}} (contract section 5): the region's active plans in
 * plan_id code-point order, each with the plan's columns and its EFL average prices.
 *
 * @param version the catalog version; 0 when built from the database by a reader
 */
public record CatalogDocument(String region, long version, List<Entry> plans) {

    public CatalogDocument {
        plans = List.copyOf(plans);
    }

    /** The catalog of {@code region} built from its active plans (already sorted). */
    public static CatalogDocument of(String region, long version, List<Plan> activePlans) {
        return new CatalogDocument(region, version, activePlans.stream().map(Entry::of).toList());
    }

    /**
     * One plan of the catalog: the columns of {@code plan_catalog} and {@code efl_avg_price_cents_per_kwh}.
     *
     * @param eflAvgPriceCentsPerKwh cents per kWh at 500, 1000 and 2000 kWh a month
     */
    public record Entry(
            String planId,
            String provider,
            String name,
            List<String> availableRegions,
            boolean isActive,
            RateStructure rateStructure,
            BigDecimal renewablePercentage,
            int contractMonths,
            BigDecimal earlyTerminationFee,
            Instant updatedAt,
            Map<String, BigDecimal> eflAvgPriceCentsPerKwh) {

        /** The entry of {@code plan}. */
        public static Entry of(Plan plan) {
            return new Entry(plan.planId(), plan.provider(), plan.name(), plan.availableRegions(), plan.isActive(),
                    plan.rateStructure(), plan.renewablePercentage(), plan.contractMonths(), plan.earlyTerminationFee(),
                    plan.updatedAt(), EflPrices.of(plan.rateStructure()));
        }
    }
}
