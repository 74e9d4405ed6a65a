package io.treebeard.query.read;

import java.math.BigDecimal;

/**
 * Filters and paging of {@code GET /api/v1/plans/catalog}, already validated.
 *
 * @param region            the region
 * @param minRenewable      keep plans with {@code renewable_percentage >= minRenewable}; null = no filter
 * @param maxContractMonths keep plans with {@code contract_months <= maxContractMonths}; null = no filter
 * @param limit             page size, 1..{@value #MAX_LIMIT}
 * @param cursor            the last plan_id of the previous page; null for the first page
 */
public record CatalogQuery(String region, BigDecimal minRenewable, Integer maxContractMonths, int limit, String cursor) {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest page size. */
    public static final int MAX_LIMIT = 500;

    public CatalogQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** True when no filter and no cursor is set. */
    public boolean unfiltered() {
        return minRenewable == null && maxContractMonths == null && cursor == null;
    }
}
