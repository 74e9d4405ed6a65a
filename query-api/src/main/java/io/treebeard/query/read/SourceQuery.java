package io.treebeard.query.read;

import io.treebeard.schemas.db.ReadQueries;

/** The database statements of the fallback, named for metrics ({@code query} tag) and the slow query log. */
public enum SourceQuery {
    RECOMMENDATION_BY_USER(ReadQueries.RECOMMENDATION_BY_USER),
    PROFILE_BY_ID(ReadQueries.PROFILE_BY_ID),
    PLAN_BY_ID(ReadQueries.PLAN_BY_ID),
    USAGE_WINDOW(ReadQueries.USAGE_WINDOW),
    ACTIVE_PLANS_OF_REGION(ReadQueries.ACTIVE_PLANS_OF_REGION);

    private final String sql;

    SourceQuery(String sql) {
        this.sql = sql;
    }

    /** The statement. */
    public String sql() {
        return sql;
    }

    /** The metric tag value, e.g. {@code profile_by_id}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
