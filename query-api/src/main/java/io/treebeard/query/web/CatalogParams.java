package io.treebeard.query.web;

import io.treebeard.query.read.CatalogQuery;
import io.treebeard.schemas.validation.Identifiers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Validates the query parameters of {@code GET /api/v1/plans/catalog}; a malformed one is a 400 naming it. */
public final class CatalogParams {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int MAX_NUMBER_LENGTH = 16;

    private CatalogParams() {
    }

    /**
     * The catalog query of {@code params} (name to values; the first value of a repeated parameter counts).
     *
     * @throws BadRequestException naming {@code region}, {@code min_renewable}, {@code max_contract_months}, {@code limit}
     *                             or {@code cursor}
     */
    public static CatalogQuery parse(Map<String, List<String>> params) {
        String region = first(params, "region");
        if (region == null) {
            throw new BadRequestException("region", "is required");
        }
        if (!Identifiers.isValid(region)) {
            throw new BadRequestException("region", Identifiers.REASON);
        }
        BigDecimal minRenewable = null;
        String raw = first(params, "min_renewable");
        if (raw != null) {
            minRenewable = decimal("min_renewable", raw);
            if (minRenewable.signum() < 0 || minRenewable.compareTo(HUNDRED) > 0) {
                throw new BadRequestException("min_renewable", "must be a number from 0 to 100");
            }
        }
        Integer maxMonths = null;
        raw = first(params, "max_contract_months");
        if (raw != null) {
            maxMonths = integer("max_contract_months", raw, 0, Integer.MAX_VALUE, "must be an integer >= 0");
        }
        int limit = CatalogQuery.DEFAULT_LIMIT;
        raw = first(params, "limit");
        if (raw != null) {
            limit = integer("limit", raw, 1, CatalogQuery.MAX_LIMIT, "must be an integer from 1 to " + CatalogQuery.MAX_LIMIT);
        }
        String cursor = first(params, "cursor");
        if (cursor != null && !Identifiers.isValid(cursor)) {
            throw new BadRequestException("cursor", "must be a plan_id: " + Identifiers.REASON);
        }
        return new CatalogQuery(region, minRenewable, maxMonths, limit, cursor);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0) == null ? "" : values.get(0);
    }

    private static BigDecimal decimal(String name, String raw) {
        if (raw.isEmpty() || raw.length() > MAX_NUMBER_LENGTH || !raw.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new BadRequestException(name, "must be a number from 0 to 100");
        }
        return new BigDecimal(raw);
    }

    private static int integer(String name, String raw, int min, int max, String reason) {
        if (raw.isEmpty() || raw.length() > 10 || !raw.matches("[0-9]+")) {
            throw new BadRequestException(name, reason);
        }
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
            throw new BadRequestException(name, reason);
        }
        return (int) value;
    }
}
