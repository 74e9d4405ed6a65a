package io.treebeard.schemas.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code plan_catalog} (contract section 1).
 *
 * @param renewablePercentage 0..100, two decimals
 * @param contractMonths      0 for month-to-month
 * @param earlyTerminationFee $, two decimals
 */
public record Plan(
        String planId,
        String provider,
        String name,
        List<String> availableRegions,
        boolean isActive,
        RateStructure rateStructure,
        BigDecimal renewablePercentage,
        int contractMonths,
        BigDecimal earlyTerminationFee,
        Instant updatedAt) {

    public Plan {
        availableRegions = List.copyOf(availableRegions);
    }
}
