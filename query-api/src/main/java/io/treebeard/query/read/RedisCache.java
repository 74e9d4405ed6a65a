package io.treebeard.query.read;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.CacheScripts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache side of the read path: one multiplexed Lettuce connection, asynchronous commands only (no thread ever
 * blocks on Redis), each bounded by the command timeout. Commands fail at once while the connection is down (instead of
 * queueing), so the circuit breaker sees the outage immediately; Lettuce reconnects in the background. When Redis is
 * unreachable at boot the service still starts (served from the database with BYPASS) and connects when Redis appears.
 */
public final class RedisCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final byte[] LEASE_VALUE = "1".getBytes(StandardCharsets.US_ASCII);

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final long timeoutNanos;
    private final ScheduledExecutorService scheduler;
    private final Duration reconnectEvery;
    private final AtomicReference<StatefulRedisConnection<String, byte[]>> connection = new AtomicReference<>();
    private volatile boolean closed;

    /**
     * Connects to {@code uri}; when that fails, retries every {@code reconnectEvery} on {@code scheduler}.
     *
     * @param commandTimeout a command not answered within this fails with a timeout
     */
    public RedisCache(String uri, Duration commandTimeout, Duration reconnectEvery, ScheduledExecutorService scheduler) {
        this.uri = RedisURI.create(uri);
        this.uri.setTimeout(Duration.ofSeconds(2));
        this.timeoutNanos = commandTimeout.toNanos();
        this.scheduler = scheduler;
        this.reconnectEvery = reconnectEvery;
        // Reconnect every 500 ms while Redis is away (Lettuce's default backs off to 30 s): recovery is prompt.
        this.resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(500))).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build());
        if (!tryConnect()) {
            scheduleReconnect();
        }
    }

    /** Where the cache is, without secrets. */
    public String location() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Whether a connection exists (it may still be reconnecting after an outage). */
    public boolean connected() {
        StatefulRedisConnection<String, byte[]> c = connection.get();
        return c != null && c.isOpen();
    }

    private boolean tryConnect() {
        try {
            connection.set(client.connect(CODEC, uri));
            LOG.info("Connected to Redis at {}", location());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Redis at {} is unreachable; serving from the database (BYPASS) until it answers", location(), e);
            return false;
        }
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        scheduler.schedule(() -> {
            if (!closed && !tryConnect()) {
                scheduleReconnect();
            }
        }, reconnectEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RedisAsyncCommands<String, byte[]> commands() {
        StatefulRedisConnection<String, byte[]> c = connection.get();
        if (c == null) {
            throw new IllegalStateException("not connected to Redis at " + location());
        }
        return c.async();
    }

    private <T> CompletableFuture<T> bounded(java.util.function.Function<RedisAsyncCommands<String, byte[]>,
            java.util.concurrent.CompletionStage<T>> command) {
        try {
            return command.apply(commands()).toCompletableFuture().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The ready-to-serve bytes of {@code key} ({@code HGET key d}), or null when absent. */
    public CompletableFuture<byte[]> get(String key) {
        return bounded(c -> c.hget(key, CacheKeys.FIELD_DATA));
    }

    /**
     * Back-fills a value through {@link CacheScripts#FILL_IF_ABSENT}: 1 filled, 0 the key existed (a value, or a delete
     * marker the projector left, which a value read from PostgreSQL just before the delete must not replace).
     */
    public CompletableFuture<Long> backfill(String key, long version, byte[] json, Duration ttl) {
        byte[][] args = {ascii(Long.toString(version)), json, ascii(Long.toString(ttl.toMillis()))};
        return bounded(c -> c.<Long>eval(CacheScripts.FILL_IF_ABSENT, ScriptOutputType.INTEGER, new String[] {key}, args));
    }

    /** Takes the stampede lease of {@code key} (SET NX PX); true when this caller holds it. */
    public CompletableFuture<Boolean> tryLease(String key, Duration ttl) {
        return bounded(c -> c.set(CacheKeys.lease(key), LEASE_VALUE, SetArgs.Builder.nx().px(ttl.toMillis())))
                .thenApply("OK"::equals);
    }

    /** Releases the stampede lease of {@code key} once its value is back-filled. */
    public CompletableFuture<Long> releaseLease(String key) {
        return bounded(c -> c.del(CacheKeys.lease(key)));
    }

    /** Adds read counts: ZINCRBY per id on {@code hotKey} and HINCRBY hits/misses on {@code statsKey}, pipelined. */
    public CompletableFuture<Void> addReads(String hotKey, Map<String, Long> countsById, String statsKey, long hits, long misses) {
        StatefulRedisConnection<String, byte[]> c = connection.get();
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        RedisAsyncCommands<String, byte[]> async = c.async();
        CompletableFuture<?>[] all = new CompletableFuture<?>[countsById.size() + 2];
        int i = 0;
        for (Map.Entry<String, Long> e : countsById.entrySet()) {
            all[i++] = async.zincrby(hotKey, e.getValue(), ascii(e.getKey())).toCompletableFuture();
        }
        all[i++] = async.hincrby(statsKey, CacheKeys.FIELD_HITS, hits).toCompletableFuture();
        all[i] = async.hincrby(statsKey, CacheKeys.FIELD_MISSES, misses).toCompletableFuture();
        return CompletableFuture.allOf(all).orTimeout(Math.max(timeoutNanos, 1_000_000_000L), TimeUnit.NANOSECONDS);
    }

    /** PING round trip, for health. */
    public CompletableFuture<String> ping() {
        return bounded(RedisAsyncCommands::ping);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, byte[]> c = connection.getAndSet(null);
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
