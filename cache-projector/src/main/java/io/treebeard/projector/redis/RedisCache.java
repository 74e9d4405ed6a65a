package io.treebeard.projector.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.treebeard.projector.core.RedisWrite;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.CacheScripts;
import io.treebeard.schemas.cache.KeyType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The projector's Redis side: executes {@link RedisWrite}s through the version-guarded scripts of
 * {@link CacheScripts} ({@code EVALSHA}, loaded once and again after {@code NOSCRIPT}), keeps the generation marker and
 * reads the hotness ranking. Commands time out quickly and are rejected while disconnected, so an outage surfaces as
 * {@link CacheUnavailableException} within about one timeout instead of piling up in a buffer.
 *
 * <p>Two connections: the live one flushes every command as it is issued (the writes of a batch are still in flight
 * together, one {@code VERSIONED_SET} per key), the bulk one buffers a whole chunk and flushes it at once, for rebuild
 * throughput. On the bulk connection the sets are grouped into {@code VERSIONED_MSET} calls of up to
 * {@link #DEFAULT_BULK_BATCH_KEYS} keys of one type ({@link BulkGrouping}: across slots on a standalone server, per
 * hash slot on a cluster-enabled one): the per-key script invocation, reply and dispatch cost dominated Redis's time.
 */
public final class RedisCache implements AutoCloseable {

    /**
     * Keys per {@code VERSIONED_MSET} call on the bulk connection. Large enough that the per-call cost vanishes, small
     * enough that one call blocks Redis (single-threaded) for well under a millisecond, so live reads and writes
     * interleave with a rebuild.
     */
    public static final int DEFAULT_BULK_BATCH_KEYS = 100;

    /** {@code VERSIONED_DELETE}'s version argument for a deletion without one (a tombstone). */
    private static final byte[] NO_VERSION = new byte[0];

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, byte[]> live;
    private final StatefulRedisConnection<String, byte[]> bulk;
    private final Map<KeyType, byte[]> ttlMillis = new EnumMap<>(KeyType.class);
    private final Duration timeout;
    private final String location;
    private final int bulkBatchKeys;
    private BulkGrouping grouping;
    private volatile String setSha;
    private volatile String msetSha;
    private volatile String deleteSha;
    private volatile String catalogSha;

    private RedisCache(RedisClient client, ClientResources resources, Map<KeyType, Duration> ttls, Duration timeout, String location,
            int bulkBatchKeys) {
        if (bulkBatchKeys < 1) {
            throw new IllegalArgumentException("bulkBatchKeys must be >= 1, was " + bulkBatchKeys);
        }
        this.client = client;
        this.resources = resources;
        this.timeout = timeout;
        this.location = location;
        this.bulkBatchKeys = bulkBatchKeys;
        for (KeyType type : KeyType.values()) {
            Duration ttl = ttls.getOrDefault(type, type.defaultTtl());
            ttlMillis.put(type, ascii(ttl.toMillis()));
        }
        this.live = client.connect(CODEC);
        this.live.setTimeout(timeout);
        this.bulk = client.connect(CODEC);
        this.bulk.setAutoFlushCommands(false);
        // A flushed chunk of thousands of scripts queues behind itself: its timeout is per chunk, not per command.
        this.bulk.setTimeout(bulkTimeout(timeout));
    }

    /**
     * Connects to {@code uri}; fails when Redis is unreachable. Bulk writes are grouped by hash slot when the server
     * reports {@code cluster_enabled:1}, across slots otherwise, {@link #DEFAULT_BULK_BATCH_KEYS} keys per call.
     *
     * @param ttls    TTL per type; a type not in the map uses {@link KeyType#defaultTtl()}
     * @param timeout the command timeout (keep it short: it bounds how long an outage goes unnoticed)
     */
    public static RedisCache connect(String uri, Map<KeyType, Duration> ttls, Duration timeout) {
        return connect(uri, ttls, timeout, null, DEFAULT_BULK_BATCH_KEYS);
    }

    /**
     * Connects to {@code uri} with an explicit bulk grouping (tests, benchmarks); see {@link #connect(String, Map, Duration)}.
     *
     * @param grouping      how bulk sets are grouped into script calls; null = decided by the server's cluster mode
     * @param bulkBatchKeys the most keys per {@code VERSIONED_MSET} call (1 = one {@code VERSIONED_SET} per key)
     */
    public static RedisCache connect(String uri, Map<KeyType, Duration> ttls, Duration timeout, BulkGrouping grouping,
            int bulkBatchKeys) {
        // Reconnect attempts at most a second apart (Lettuce's default backs off to 30 s), so writes resume soon after Redis.
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // Each connection's own timeout (set below) applies to every command, so an outage surfaces quickly.
                .timeoutOptions(TimeoutOptions.enabled())
                .build());
        try {
            RedisCache cache = new RedisCache(client, resources, ttls, timeout, RedisURI.create(uri).toString(), bulkBatchKeys);
            cache.loadScripts();
            cache.grouping = grouping != null ? grouping : cache.detectGrouping();
            return cache;
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    /** Where Redis is, without credentials. */
    public String location() {
        return location;
    }

    /** How bulk sets are grouped into script calls. */
    public BulkGrouping grouping() {
        return grouping;
    }

    /** The TTL applied to values of {@code type}. */
    public Duration ttl(KeyType type) {
        return Duration.ofMillis(Long.parseLong(new String(ttlMillis.get(type), StandardCharsets.US_ASCII)));
    }

    /** Writes on the live connection, all in flight together; returns one outcome per write, in order. */
    public List<WriteOutcome> write(List<RedisWrite> writes) {
        return execute(live, writes, false, false);
    }

    /** Writes on the bulk connection, buffered and flushed as one pipeline. Callers must not call it concurrently. */
    public synchronized List<WriteOutcome> writeBulk(List<RedisWrite> writes) {
        return execute(bulk, writes, true, true);
    }

    /** Writes dispatched on the bulk connection and not yet awaited. */
    public static final class Pending {
        private final List<RedisWrite> writes;
        private final List<Call> calls;
        private final long deadlineNanos;

        private Pending(List<RedisWrite> writes, List<Call> calls, long deadlineNanos) {
            this.writes = writes;
            this.calls = calls;
            this.deadlineNanos = deadlineNanos;
        }

        /** The writes in flight, in dispatch order. */
        public List<RedisWrite> writes() {
            return writes;
        }

        /** How many writes are in flight. */
        public int size() {
            return writes.size();
        }
    }

    /**
     * Dispatches and flushes {@code writes} on the bulk connection without waiting, so the caller can prepare the next
     * chunk while Redis executes this one. Finish with {@link #awaitBulk}. Single caller at a time.
     */
    public synchronized Pending dispatchBulk(List<RedisWrite> writes) {
        List<RedisWrite> copy = List.copyOf(writes);
        List<Call> calls = dispatchAll(bulk.async(), copy, true);
        bulk.flushCommands();
        return new Pending(copy, calls, System.nanoTime() + bulk.getTimeout().toNanos() + writes.size() * 20_000L);
    }

    /** Waits for dispatched writes; after {@code NOSCRIPT} it reloads the scripts and writes them again. */
    public synchronized List<WriteOutcome> awaitBulk(Pending pending) {
        try {
            return collect(pending.writes, pending.calls, pending.deadlineNanos);
        } catch (NoScript e) {
            loadScripts();
            return execute(bulk, pending.writes, true, true);
        }
    }

    /** {@code PING}; throws {@link CacheUnavailableException} when Redis does not answer. */
    public void ping() {
        await(live.async().ping());
    }

    /**
     * Sets the generation marker when it is absent ({@code SET NX}).
     *
     * @return true when the marker was absent: the cache is new or was lost, and must be rebuilt
     */
    public boolean markGenerationIfAbsent(String generation) {
        String reply = await(live.async().set(CacheKeys.GENERATION, generation.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.nx()));
        return "OK".equals(reply);
    }

    /** The generation marker's value, or null when it is absent. */
    public String generation() {
        byte[] value = await(live.async().get(CacheKeys.GENERATION));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The ids with the highest read counts of {@code type}, hottest first, at most {@code limit}. */
    public List<String> hottest(KeyType type, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // The member encoding is the id's UTF-8 bytes (the value codec is bytes: the hotness zset is a value here).
        List<byte[]> members = await(redisZrevrange(CacheKeys.hotness(type), limit));
        return members.stream().map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    private RedisFuture<List<byte[]>> redisZrevrange(String key, int limit) {
        return live.async().zrevrange(key, 0, limit - 1L);
    }

    private List<WriteOutcome> execute(StatefulRedisConnection<String, byte[]> connection, List<RedisWrite> writes, boolean flush,
            boolean grouped) {
        try {
            return dispatchAndAwait(connection, writes, flush, grouped);
        } catch (NoScript e) {
            // Redis restarted (or SCRIPT FLUSH): load again and repeat; the writes are idempotent under the guard.
            loadScripts();
            try {
                return dispatchAndAwait(connection, writes, flush, grouped);
            } catch (NoScript again) {
                throw new CacheUnavailableException("Redis lost the scripts again while writing", again.getCause());
            }
        }
    }

    private List<WriteOutcome> dispatchAndAwait(StatefulRedisConnection<String, byte[]> connection, List<RedisWrite> writes,
            boolean flush, boolean grouped) {
        List<Call> calls = dispatchAll(connection.async(), writes, grouped);
        if (flush) {
            connection.flushCommands();
        }
        return collect(writes, calls, System.nanoTime() + connection.getTimeout().toNanos() + writes.size() * 20_000L);
    }

    /**
     * Issues {@code writes}; grouped = sets of one type (and of one slot under {@link BulkGrouping#BY_SLOT}) share
     * {@code VERSIONED_MSET} calls of up to {@link #bulkBatchKeys} keys. Commands of one connection run in issue order and a
     * key always falls in the same group, so the writes of one key keep their order; before a delete the open groups
     * are issued, so a delete and the sets around it of the same key also keep theirs.
     */
    private List<Call> dispatchAll(RedisAsyncCommands<String, byte[]> async, List<RedisWrite> writes, boolean grouped) {
        List<Call> calls = new ArrayList<>(grouped ? writes.size() / bulkBatchKeys + 16 : writes.size());
        Map<Integer, Group> open = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            RedisWrite w = writes.get(i);
            if (!grouped || w.op() != RedisWrite.Op.SET || bulkBatchKeys == 1) {
                issueGroups(async, writes, open, calls);
                calls.add(new Call(new int[] {i}, dispatch(async, w), false));
                continue;
            }
            int slot = grouping == BulkGrouping.BY_SLOT ? SlotHash.getSlot(w.key()) : 0;
            Integer groupKey = w.type().ordinal() * SlotHash.SLOT_COUNT + slot;
            Group group = open.computeIfAbsent(groupKey, k -> new Group(bulkBatchKeys));
            group.add(i);
            if (group.size == bulkBatchKeys) {
                open.remove(groupKey);
                calls.add(dispatchGroup(async, writes, group));
            }
        }
        issueGroups(async, writes, open, calls);
        return calls;
    }

    private void issueGroups(RedisAsyncCommands<String, byte[]> async, List<RedisWrite> writes, Map<Integer, Group> open,
            List<Call> calls) {
        for (Group group : open.values()) {
            calls.add(dispatchGroup(async, writes, group));
        }
        open.clear();
    }

    private Call dispatchGroup(RedisAsyncCommands<String, byte[]> async, List<RedisWrite> writes, Group group) {
        int[] indexes = group.size == group.indexes.length ? group.indexes : Arrays.copyOf(group.indexes, group.size);
        if (indexes.length == 1) {
            return new Call(indexes, dispatch(async, writes.get(indexes[0])), false);
        }
        String[] keys = new String[indexes.length];
        byte[][] args = new byte[1 + 2 * indexes.length][];
        args[0] = ttlMillis.get(writes.get(indexes[0]).type());
        for (int j = 0; j < indexes.length; j++) {
            RedisWrite w = writes.get(indexes[j]);
            keys[j] = w.key();
            args[1 + 2 * j] = ascii(w.version());
            args[2 + 2 * j] = w.data();
        }
        RedisFuture<List<Object>> future = async.evalsha(msetSha, ScriptOutputType.MULTI, keys, args);
        return new Call(indexes, future, true);
    }

    /** Waits for every call and returns one outcome per write, in the order of {@code writes}. */
    private List<WriteOutcome> collect(List<RedisWrite> writes, List<Call> calls, long deadlineNanos) {
        WriteOutcome[] outcomes = new WriteOutcome[writes.size()];
        for (Call call : calls) {
            Object reply = awaitUntil(call.future, deadlineNanos);
            if (call.batched) {
                List<?> results = (List<?>) reply;
                if (results.size() != call.indexes.length) {
                    throw new IllegalStateException("VERSIONED_MSET answered " + results.size() + " outcomes for "
                            + call.indexes.length + " keys");
                }
                for (int j = 0; j < call.indexes.length; j++) {
                    outcomes[call.indexes[j]] = outcome(RedisWrite.Op.SET, (Long) results.get(j));
                }
            } else {
                int i = call.indexes[0];
                outcomes[i] = outcome(writes.get(i).op(), (Long) reply);
            }
        }
        return Arrays.asList(outcomes);
    }

    private RedisFuture<Long> dispatch(RedisAsyncCommands<String, byte[]> async, RedisWrite w) {
        String[] keys = {w.key()};
        switch (w.op()) {
            case SET:
                return async.evalsha(setSha, ScriptOutputType.INTEGER, keys, ascii(w.version()), w.data(), ttlMillis.get(w.type()));
            case DELETE_VERSIONED:
                return async.evalsha(deleteSha, ScriptOutputType.INTEGER, keys, ascii(w.version()), ttlMillis.get(w.type()));
            case DELETE:
                return async.evalsha(deleteSha, ScriptOutputType.INTEGER, keys, NO_VERSION, ttlMillis.get(w.type()));
            case CATALOG:
                return async.evalsha(catalogSha, ScriptOutputType.INTEGER, keys, ascii(w.version()),
                        w.position().getBytes(StandardCharsets.US_ASCII), w.hash().getBytes(StandardCharsets.US_ASCII), w.data(),
                        ttlMillis.get(w.type()));
            default:
                throw new IllegalArgumentException("Unknown op " + w.op());
        }
    }

    private static WriteOutcome outcome(RedisWrite.Op op, long result) {
        if (op == RedisWrite.Op.SET || op == RedisWrite.Op.CATALOG) {
            return result == 1 ? WriteOutcome.WRITTEN : WriteOutcome.REJECTED;
        }
        return result < 0 ? WriteOutcome.REJECTED : WriteOutcome.DELETED;
    }

    private void loadScripts() {
        setSha = await(live.async().scriptLoad(CacheScripts.VERSIONED_SET));
        msetSha = await(live.async().scriptLoad(CacheScripts.VERSIONED_MSET));
        deleteSha = await(live.async().scriptLoad(CacheScripts.VERSIONED_DELETE));
        catalogSha = await(live.async().scriptLoad(CacheScripts.CATALOG_SET));
    }

    /** Per slot on a cluster-enabled server (its scripts must not touch keys of several slots), across slots otherwise. */
    private BulkGrouping detectGrouping() {
        String info = await(live.async().info("cluster"));
        return info != null && info.contains("cluster_enabled:1") ? BulkGrouping.BY_SLOT : BulkGrouping.ACROSS_SLOTS;
    }

    private <T> T await(RedisFuture<T> future) {
        return awaitUntil(future, System.nanoTime() + timeout.toNanos());
    }

    private <T> T awaitUntil(RedisFuture<T> future, long deadlineNanos) {
        try {
            return future.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Interrupted while waiting for Redis at " + location, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisNoScriptException) {
                throw new NoScript(e.getCause());
            }
            throw new CacheUnavailableException("Redis at " + location + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CacheUnavailableException("Redis at " + location + " did not answer within " + timeout, e);
        }
    }

    private static Duration bulkTimeout(Duration timeout) {
        Duration floor = Duration.ofSeconds(10);
        return timeout.compareTo(floor) > 0 ? timeout : floor;
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        live.close();
        bulk.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The write indexes of one open {@code VERSIONED_MSET} group. */
    private static final class Group {
        private final int[] indexes;
        private int size;

        Group(int capacity) {
            this.indexes = new int[capacity];
        }

        void add(int index) {
            indexes[size++] = index;
        }
    }

    /** One issued command and the writes (indexes into the issued list) it carries. */
    private static final class Call {
        private final int[] indexes;
        private final RedisFuture<?> future;
        private final boolean batched;

        Call(int[] indexes, RedisFuture<?> future, boolean batched) {
            this.indexes = indexes;
            this.future = future;
            this.batched = batched;
        }
    }

    /** NOSCRIPT: internal signal to reload the scripts. */
    private static final class NoScript extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoScript(Throwable cause) {
            super(cause);
        }
    }
}
