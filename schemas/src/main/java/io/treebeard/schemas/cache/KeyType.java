package io.treebeard.schemas.cache;

import java.time.Duration;

/**
 * The kinds of cached value, each with its key segment and the default TTL of the reference epic (plan catalog 1 h,
 * user profile 24 h, recommendations 24 h, usage analysis 1 week).
 */
public enum KeyType {
    RECOMMENDATION("rec", Duration.ofHours(24)),
    PROFILE("profile", Duration.ofHours(24)),
    USAGE_ANALYSIS("usage", Duration.ofDays(7)),
    PLAN("plan", Duration.ofHours(1)),
    CATALOG("catalog", Duration.ofHours(1));

    private final String segment;
    private final Duration defaultTtl;

    KeyType(String segment, Duration defaultTtl) {
        this.segment = segment;
        this.defaultTtl = defaultTtl;
    }

    /** The key segment after {@link CacheKeys#PREFIX}, also the label value in metrics ({@code type=rec}). */
    public String segment() {
        return segment;
    }

    /** The reference epic's TTL for this type; each service may override it in its config. */
    public Duration defaultTtl() {
        return defaultTtl;
    }
}
