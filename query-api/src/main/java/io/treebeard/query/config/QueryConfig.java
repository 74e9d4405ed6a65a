package io.treebeard.query.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.treebeard.service.auth.ApiKey;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The whole configuration of the query API, bound once from {@code treebeard.query.*} and validated at startup (a bad
 * value stops the boot with the key named). Environment variables override files
 * ({@code TREEBEARD_QUERY_DATABASE_URL=...}).
 *
 * @param redis    the cache
 * @param database the PostgreSQL fallback
 * @param read     read path timing
 * @param security API keys (required) and optional rate limiting of read clients
 * @param console  the web console's pipeline status
 * @param http     response compression
 */
@ConfigurationProperties("treebeard.query")
@Validated
public record QueryConfig(
        @Valid @NotNull @DefaultValue Redis redis,
        @Valid @NotNull @DefaultValue Database database,
        @Valid @NotNull @DefaultValue Read read,
        @Valid @NotNull @DefaultValue Security security,
        @Valid @NotNull @DefaultValue Console console,
        @Valid @NotNull @DefaultValue Http http) {

    /** Default Redis command timeout: a healthy local Redis answers in well under a millisecond. */
    public static final String DEFAULT_COMMAND_TIMEOUT = "100ms";
    /** Default slow cache call: a healthy local Redis answers in well under a millisecond. */
    public static final String DEFAULT_SLOW_CALL = "50ms";
    /** Default slow query threshold. */
    public static final String DEFAULT_SLOW_QUERY = "100ms";
    /** Default request deadline. */
    public static final String DEFAULT_DEADLINE = "2s";
    /** Default database role: read-only. */
    public static final String DEFAULT_DB_USER = "treebeard_reader";

    /**
     * Redis and its circuit breaker.
     *
     * @param uri               Redis URI ({@code redis://host:port})
     * @param commandTimeout    a command slower than this counts as a failure
     * @param failureThreshold  consecutive failures that open the circuit
     * @param slowCallThreshold a cache call slower than this is slow; the circuit opens when each of the last
     *                          {@code failureThreshold} calls failed or was slow
     * @param openDuration      how long the circuit stays open before one probe is let through
     * @param hotnessFlush      how often read counts are flushed to {@code tb:hot:*} and {@code tb:stats:*}
     */
    public record Redis(
            @NotBlank @Pattern(regexp = "rediss?://.+", message = "must look like redis://host:port")
            @DefaultValue("redis://localhost:6379") String uri,
            @NotNull @DefaultValue(DEFAULT_COMMAND_TIMEOUT) Duration commandTimeout,
            @Min(1) @Max(1000) @DefaultValue("10") int failureThreshold,
            @NotNull @DefaultValue(DEFAULT_SLOW_CALL) Duration slowCallThreshold,
            @NotNull @DefaultValue("1s") Duration openDuration,
            @NotNull @DefaultValue("1s") Duration hotnessFlush) {
    }

    /**
     * The PostgreSQL fallback.
     *
     * @param url                JDBC URL
     * @param user               role; by default the read-only {@code treebeard_reader}
     * @param password           its password
     * @param poolSize           connections; 0 = 2 x available processors
     * @param connectionTimeout  how long a request waits for a connection before 503
     * @param queueCapacity      fallback loads waiting for a connection thread beyond which requests get 503
     * @param slowQueryThreshold statements slower than this are logged
     * @param socketTimeout      a database read blocked longer than this fails (the connection is dropped)
     */
    public record Database(
            @NotBlank @Pattern(regexp = "jdbc:postgresql://.+", message = "must look like jdbc:postgresql://host:port/database")
            @DefaultValue("jdbc:postgresql://localhost:5432/treebeard") String url,
            @NotBlank @DefaultValue(DEFAULT_DB_USER) String user,
            @DefaultValue("") String password,
            @Min(0) @Max(512) @DefaultValue("0") int poolSize,
            @NotNull @DefaultValue("1s") Duration connectionTimeout,
            @Min(1) @Max(100_000) @DefaultValue("1000") int queueCapacity,
            @NotNull @DefaultValue(DEFAULT_SLOW_QUERY) Duration slowQueryThreshold,
            @NotNull @DefaultValue("5s") Duration socketTimeout) {

        /** The configured pool size, or 2 x cores when 0. */
        public int effectivePoolSize() {
            return poolSize > 0 ? poolSize : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Read path timing.
     *
     * @param deadline      every request is answered (at worst with 504) within this
     * @param leaseTtl      expiry of a stampede lease, so a crashed loader never blocks a key for long
     * @param leaseWaitStep how often a request that lost the lease looks at the cache again
     * @param leaseWaitMax  how long it looks before it loads from the database itself
     * @param retryAfter    the Retry-After of 503 answers
     */
    public record Read(
            @NotNull @DefaultValue(DEFAULT_DEADLINE) Duration deadline,
            @NotNull @DefaultValue("2s") Duration leaseTtl,
            @NotNull @DefaultValue("5ms") Duration leaseWaitStep,
            @NotNull @DefaultValue("250ms") Duration leaseWaitMax,
            @NotNull @DefaultValue("1s") Duration retryAfter) {
    }

    /**
     * Read client security. Keys are required: reads need a key with the {@code read} right, {@code /admin/*} one with
     * {@code admin}; there is no open mode.
     *
     * @param keys      read clients' API keys (SHA-256 only), at least one
     * @param rateLimit per-client token bucket
     */
    public record Security(
            @Valid @NotEmpty List<ApiKey> keys,
            @Valid @NotNull @DefaultValue RateLimit rateLimit) {
    }

    /**
     * Token bucket per client (API key name, else remote address).
     *
     * @param enabled           off by default
     * @param requestsPerSecond refill rate
     * @param burst             bucket size
     */
    public record RateLimit(
            @DefaultValue("false") boolean enabled,
            @Min(1) @DefaultValue("100") int requestsPerSecond,
            @Min(1) @DefaultValue("200") int burst) {
    }

    /**
     * Where the console's pipeline page gets the other services' metrics: their Prometheus endpoints, scraped on demand.
     *
     * @param scrape        service name to its Prometheus endpoint URL, e.g. {@code ingest: http://ingest:8081/actuator/prometheus};
     *                      empty = the page shows query-api's own figures only
     * @param scrapeTimeout a service slower than this shows as down
     * @param cacheFor      one status answer is shared by every caller for this long
     */
    public record Console(
            @NotNull @DefaultValue Map<String, @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String> scrape,
            @NotNull @DefaultValue("1s") Duration scrapeTimeout,
            @NotNull @DefaultValue("2s") Duration cacheFor) {
    }

    /**
     * Response compression (docs/api.md, "HTTP caching").
     *
     * @param compression     gzip bodies when the client accepts it (the benchmark turns it off to compare)
     * @param compressAbove   bodies smaller than this are sent as they are
     */
    public record Http(
            @DefaultValue("true") boolean compression,
            @NotNull @DefaultValue("1KB") org.springframework.util.unit.DataSize compressAbove) {
    }
}
