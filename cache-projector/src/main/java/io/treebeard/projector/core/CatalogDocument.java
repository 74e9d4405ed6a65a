package io.treebeard.projector.core;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.treebeard.schemas.model.Plan;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The served body of {@code GET /api/v1/plans/catalog?region=R} (contract section 5) before filters and paging:
 * {@code {"region","version","plans":[...]}}, the active plans of the region in plan_id code-point order.
 *
 * @param version the highest source LSN of the plan changes that touched the region
 */
public record CatalogDocument(String region, long version, List<Entry> plans) {

    public CatalogDocument {
        plans = List.copyOf(plans);
    }

    /**
     * One plan: its columns, plus {@code efl_avg_price_cents_per_kwh} keyed "500", "1000", "2000".
     *
     * @param plan                   the plan's columns, written inline
     * @param eflAvgPriceCentsPerKwh from {@link io.treebeard.tariff.EflPrices}
     */
    public record Entry(@JsonUnwrapped Plan plan, Map<String, BigDecimal> eflAvgPriceCentsPerKwh) {
    }
}
