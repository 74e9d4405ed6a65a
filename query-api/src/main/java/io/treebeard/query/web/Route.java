package io.treebeard.query.web;

/** The routes of the query API, each with its metric tag. */
public enum Route {
    RECOMMENDATION("recommendation"),
    CATALOG("catalog"),
    PLAN("plan"),
    USAGE_ANALYSIS("usage_analysis"),
    PROFILE("profile"),
    OPENAPI("openapi"),
    QUERY_ANALYSIS("query_analysis");

    private final String tag;

    Route(String tag) {
        this.tag = tag;
    }

    /** The {@code route} tag of the request metrics. */
    public String tag() {
        return tag;
    }

    /** Whether the route answers with data and an {@code X-Cache-Status}. */
    public boolean isData() {
        return ordinal() <= PROFILE.ordinal();
    }
}
