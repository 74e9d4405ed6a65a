package io.treebeard.service.auth;

import java.util.Locale;

/** What an API key may do. Configured in lowercase ({@code read}, {@code write}, {@code admin}). */
public enum Right {
    /** Read data (query API reads, ingest GETs). */
    READ,
    /** Change source data (ingest writes). */
    WRITE,
    /** Operator routes ({@code /admin/...}): query statistics and internals. */
    ADMIN;

    /** The configured spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
