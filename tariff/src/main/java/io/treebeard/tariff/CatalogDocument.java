package io.treebeard.tariff;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.treebeard.schemas.model.Plan;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A whole regional catalog, the value of {@code tb:catalog:{region}} and the body of
 * {@code GET /api/v1/plans/catalog?region=R} before filters and paging (contract section 5):
 * {@code {"region","version","plans":[...]}}, the region's active plans in plan_id code-point order.
 *
 * <p>One definition for both writers of the key, the projector (from plan events) and the query API (its back-fill
 * from the database), so the two can never serialise a catalog differently.
 *
 * @param version the catalog's version as the projector assigned it (it rises with every change of the content); null
 *                when a reader computed the catalog from the database (contract section 4: no made-up number)
 */
public record CatalogDocument(String region, Long version, List<Entry> plans) {

    public CatalogDocument {
        plans = List.copyOf(plans);
    }

    /** The catalog of {@code region} from its active plans, already in plan_id code-point order. */
    public static CatalogDocument of(String region, Long version, List<Plan> activePlans) {
        return new CatalogDocument(region, version, activePlans.stream().map(Entry::of).toList());
    }

    /**
     * One plan: its columns, written inline, then {@code efl_avg_price_cents_per_kwh} keyed "500", "1000", "2000".
     *
     * @param eflAvgPriceCentsPerKwh from {@link EflPrices}
     */
    public record Entry(@JsonUnwrapped Plan plan, Map<String, BigDecimal> eflAvgPriceCentsPerKwh) {

        /** The entry of {@code plan}, its EFL prices computed. */
        public static Entry of(Plan plan) {
            return new Entry(plan, EflPrices.of(plan.rateStructure()));
        }
    }
}
