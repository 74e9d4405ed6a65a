package io.treebeard.audit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cache as the read path sees it: a value key is a hash {@code {v, d}} (a catalog also has {@code p}); a hash
 * without {@code d} is a delete marker, which readers treat as absent. Reads are pipelined per batch.
 */
final class RedisTarget implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int SCAN_COUNT = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisTarget(String redisUri) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        connection.setTimeout(TIMEOUT);
    }

    /** The ids of every value key of {@code type} in the cache, delete markers included. */
    Set<String> ids(KeyType type) {
        RedisCommands<String, String> redis = connection.sync();
        Set<String> ids = new LinkedHashSet<>();
        ScanArgs args = ScanArgs.Builder.matches(CacheKeys.key(type, "*")).limit(SCAN_COUNT);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            for (String key : page.getKeys()) {
                String id = CacheKeys.idOf(type, key);
                if (id != null) {
                    ids.add(id);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return ids;
    }

    /** What the cache serves for each key, in one pipelined round of {@code HGETALL}. */
    Map<String, Served> read(List<String> keys) {
        Map<String, RedisFuture<Map<String, String>>> pending = new LinkedHashMap<>();
        for (String key : keys) {
            pending.put(key, connection.async().hgetall(key));
        }
        Map<String, Served> out = new LinkedHashMap<>();
        for (Map.Entry<String, RedisFuture<Map<String, String>>> e : pending.entrySet()) {
            out.put(e.getKey(), await(e.getValue()));
        }
        return out;
    }

    private static Served await(RedisFuture<Map<String, String>> future) {
        try {
            return served(future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            // WRONGTYPE and the like: the key is there but is not a value hash.
            return Served.error("redis: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new AuditException("Redis did not answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted while reading Redis", e);
        }
    }

    /** How a reader sees one value hash: no key or a delete marker is absent; {@code d} is the document. */
    static Served served(Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return Served.absent("no key");
        }
        String version = hash.get(CacheKeys.FIELD_VERSION);
        String data = hash.get(CacheKeys.FIELD_DATA);
        if (data == null) {
            return Served.absent("delete marker v=" + version);
        }
        try {
            return Served.of(DocumentComparison.parse(data), "v=" + version);
        } catch (RuntimeException e) {
            return Served.error("d is not JSON: " + e.getMessage());
        }
    }

    /**
     * Repairs drifted keys without writing any document: the audit knows no pipeline version, and a document written
     * with a made-up one would break the version guard. A key with wrong content is deleted ({@code DEL}), so the read
     * path falls back to PostgreSQL and the projector's next write lands unguarded by a wrong version. A key holding
     * a document the source no longer has becomes a delete marker ({@code HDEL d}, keeping {@code v} and the TTL): the
     * read path answers 404 and, as for any delete, a replay of an older version cannot revive it.
     *
     * @return one line per key: what was done
     */
    List<String> repair(List<Finding> drifted) {
        RedisCommands<String, String> redis = connection.sync();
        List<String> done = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Finding f : drifted) {
            if (f.target() != Target.REDIS || !f.drift() || !seen.add(f.key())) {
                continue;
            }
            switch (f.kind()) {
                case UNEXPECTED -> {
                    long removed = redis.hdel(f.key(), CacheKeys.FIELD_DATA);
                    done.add("HDEL " + f.key() + " " + CacheKeys.FIELD_DATA + " (now a delete marker; " + removed + " field removed)");
                }
                case DIFFERENT, ERROR -> {
                    long removed = redis.del(f.key());
                    done.add("DEL " + f.key() + " (" + removed + " key removed; the read path falls back to PostgreSQL)");
                }
                default -> {
                    // An absent key has nothing to remove: the read path already serves it from PostgreSQL.
                }
            }
        }
        return done;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
