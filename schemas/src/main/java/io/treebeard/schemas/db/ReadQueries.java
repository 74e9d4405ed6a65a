package io.treebeard.schemas.db;

/**
 * The SQL of the read paths that go to PostgreSQL (query-api fallback, cache rebuild). It lives beside the migrations
 * because the indexes are built for exactly these statements, and the index tests EXPLAIN them.
 */
public final class ReadQueries {

    /** Columns of a plan, in {@link io.treebeard.schemas.model.Plan} order. */
    public static final String PLAN_COLUMNS = "plan_id, provider, name, available_regions, is_active, rate_structure,"
            + " renewable_percentage, contract_months, early_termination_fee, updated_at";

    /**
     * One page of a region's active plans, in plan_id order. Parameters: region, min renewable percentage, max contract
     * months, cursor (the last plan_id of the previous page, '' for the first), limit. Served by
     * {@code idx_plan_catalog_active_regions}.
     */
    public static final String ACTIVE_PLANS_OF_REGION = "SELECT " + PLAN_COLUMNS + " FROM plan_catalog"
            + " WHERE is_active AND available_regions @> ARRAY[?]::text[]"
            + " AND renewable_percentage >= ? AND contract_months <= ? AND plan_id > ?"
            + " ORDER BY plan_id COLLATE \"C\" LIMIT ?";

    /** One plan by id. Parameter: plan_id. */
    public static final String PLAN_BY_ID = "SELECT " + PLAN_COLUMNS + " FROM plan_catalog WHERE plan_id = ?";

    /** One profile by id. Parameter: user_id. */
    public static final String PROFILE_BY_ID = "SELECT user_id, region, current_plan_id, contract_end_date, preferences, updated_at"
            + " FROM user_profile WHERE user_id = ?";

    /**
     * A user's readings in the 12-month window ending with the month of the latest reading, newest first. Parameters:
     * user_id, user_id. Served backwards by the primary key {@code usage_history_pkey}.
     */
    public static final String USAGE_WINDOW = "SELECT usage_date, kwh, peak_kwh FROM usage_history"
            + " WHERE user_id = ? AND usage_date >= (SELECT (date_trunc('month', max(usage_date)) - interval '11 months')::date"
            + " FROM usage_history WHERE user_id = ?)"
            + " ORDER BY usage_date DESC";

    /** The stored recommendation document of a user. Parameter: user_id. Served by {@code recommendations_pkey}. */
    public static final String RECOMMENDATION_BY_USER = "SELECT version, payload FROM recommendations WHERE user_id = ?";

    private ReadQueries() {
    }
}
