package io.treebeard.projector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.projector.core.RedisWrite;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.CacheScripts;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.stack.EmbeddedRedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code VERSIONED_MSET} against a real redis-server: per key the semantics of {@code VERSIONED_SET}, and
 * {@link RedisCache}'s grouped bulk writes end in the same state with the same outcomes as one script call per key.
 */
class VersionedMsetIT {

    private static final Duration TTL = Duration.ofHours(24);

    private static EmbeddedRedisServer server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        server = EmbeddedRedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.flushall();
    }

    private static List<Long> mset(long ttlMillis, Object... keyVersionData) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Long.toString(ttlMillis)));
        for (int i = 0; i < keyVersionData.length; i += 3) {
            keys.add((String) keyVersionData[i]);
            args.add(Long.toString((Long) keyVersionData[i + 1]));
            args.add((String) keyVersionData[i + 2]);
        }
        return redis.eval(CacheScripts.VERSIONED_MSET, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new));
    }

    private static void store(String key, long version, String data, long ttlMillis) {
        redis.hset(key, Map.of(CacheKeys.FIELD_VERSION, Long.toString(version), CacheKeys.FIELD_DATA, data));
        redis.pexpire(key, ttlMillis);
    }

    @Test
    void writesNewerAndAbsentRefreshesEqualAndKeepsOlderPerKeyInOneCall() {
        String absent = CacheKeys.recommendation("absent");
        String newer = CacheKeys.recommendation("newer");
        String equal = CacheKeys.recommendation("equal");
        String older = CacheKeys.recommendation("older");
        store(newer, 3, "{\"v\":3}", 5_000);
        store(equal, 5, "{\"v\":5}", 5_000);
        store(older, 9, "{\"v\":9}", 5_000);

        List<Long> outcomes = mset(TTL.toMillis(), absent, 1L, "{\"a\":1}", newer, 4L, "{\"v\":4}", equal, 5L, "{\"other\":5}",
                older, 8L, "{\"v\":8}");

        assertThat(outcomes).containsExactly(1L, 1L, 0L, -1L);
        assertThat(redis.hgetall(absent)).containsEntry("v", "1").containsEntry("d", "{\"a\":1}");
        assertThat(redis.hgetall(newer)).containsEntry("v", "4").containsEntry("d", "{\"v\":4}");
        assertThat(redis.hgetall(equal)).as("an equal version keeps the stored bytes").containsEntry("d", "{\"v\":5}");
        assertThat(redis.hgetall(older)).containsEntry("v", "9").containsEntry("d", "{\"v\":9}");
        assertThat(redis.pttl(absent)).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        assertThat(redis.pttl(newer)).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        assertThat(redis.pttl(equal)).as("equal version refreshes the TTL").isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
        assertThat(redis.pttl(older)).as("older version leaves the TTL").isLessThanOrEqualTo(5_000);
    }

    @Test
    void aKeyGivenTwiceSeesItsFirstWrite() {
        String key = CacheKeys.usageAnalysis("twice");

        assertThat(mset(TTL.toMillis(), key, 2L, "two", key, 1L, "one", key, 2L, "two again", key, 3L, "three"))
                .containsExactly(1L, -1L, 0L, 1L);
        assertThat(redis.hget(key, "d")).isEqualTo("three");
    }

    @Test
    void aMismatchedArgumentCountIsAnErrorAndWritesNothing() {
        String key = CacheKeys.profile("bad");

        assertThatThrownBy(() -> redis.eval(CacheScripts.VERSIONED_MSET, ScriptOutputType.MULTI, new String[] {key}, "1000", "1"))
                .isInstanceOf(RedisException.class).hasMessageContaining("versioned-mset");
        assertThat(redis.exists(key)).isZero();
    }

    @Test
    void aStandaloneServerGetsBatchesAcrossSlots() {
        try (RedisCache cache = RedisCache.connect(server.uri(), Map.of(), Duration.ofSeconds(1))) {
            assertThat(cache.grouping()).isEqualTo(BulkGrouping.ACROSS_SLOTS);
        }
    }

    /** Seeds, then a mixed sequence: types, repeats of a key with rising/equal/falling versions, deletes in between. */
    private static List<RedisWrite> mixedWrites(Random random) {
        List<RedisWrite> writes = new ArrayList<>();
        KeyType[] types = {KeyType.RECOMMENDATION, KeyType.PROFILE, KeyType.USAGE_ANALYSIS, KeyType.CATALOG};
        for (int i = 0; i < 400; i++) {
            KeyType type = types[random.nextInt(types.length)];
            String key = CacheKeys.key(type, "u-" + random.nextInt(60));
            int op = random.nextInt(20);
            long version = 1 + random.nextInt(6);
            if (op == 0) {
                writes.add(RedisWrite.deleteVersioned(type, key, version));
            } else if (op == 1) {
                writes.add(RedisWrite.delete(type, key));
            } else {
                writes.add(RedisWrite.set(type, key, version, (key + "@" + version + "#" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return writes;
    }

    /** Every key's hash and whether it has a TTL. */
    private static Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String key : redis.keys("tb:*").stream().sorted().toList()) {
            state.put(key, redis.hgetall(key) + " ttl=" + (redis.pttl(key) > 0));
        }
        return state;
    }

    private record Run(List<WriteOutcome> seeded, List<WriteOutcome> outcomes, Map<String, String> state) {
    }

    private static Run run(BulkGrouping grouping, int batchKeys, boolean dispatch) {
        redis.flushall();
        Random random = new Random(42);
        List<RedisWrite> seeds = mixedWrites(random).stream().filter(w -> w.op() == RedisWrite.Op.SET).toList();
        List<RedisWrite> writes = mixedWrites(random);
        try (RedisCache cache = RedisCache.connect(server.uri(), Map.of(), Duration.ofSeconds(1), grouping, batchKeys)) {
            List<WriteOutcome> seeded = cache.writeBulk(seeds);
            List<WriteOutcome> outcomes = dispatch ? cache.awaitBulk(cache.dispatchBulk(writes)) : cache.writeBulk(writes);
            return new Run(seeded, outcomes, state());
        }
    }

    @Test
    void groupedBulkWritesEndLikeOneScriptCallPerKey() {
        Run perKey = run(BulkGrouping.ACROSS_SLOTS, 1, false);
        assertThat(perKey.outcomes()).contains(WriteOutcome.WRITTEN, WriteOutcome.REJECTED, WriteOutcome.DELETED);

        for (Run grouped : List.of(run(BulkGrouping.ACROSS_SLOTS, 7, false), run(BulkGrouping.ACROSS_SLOTS, 200, true),
                run(BulkGrouping.BY_SLOT, 3, false), run(BulkGrouping.BY_SLOT, 200, true))) {
            assertThat(grouped.seeded()).isEqualTo(perKey.seeded());
            assertThat(grouped.outcomes()).isEqualTo(perKey.outcomes());
            assertThat(grouped.state()).isEqualTo(perKey.state());
        }
    }

    @Test
    void groupedBulkWritesReloadTheScriptsAfterRedisForgotThem() {
        try (RedisCache cache = RedisCache.connect(server.uri(), Map.of(), Duration.ofSeconds(1), BulkGrouping.ACROSS_SLOTS, 50)) {
            redis.scriptFlush();
            List<RedisWrite> writes = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                writes.add(RedisWrite.set(KeyType.RECOMMENDATION, CacheKeys.recommendation("s-" + i), 1, new byte[] {'x'}));
            }

            assertThat(cache.awaitBulk(cache.dispatchBulk(writes))).hasSize(120).containsOnly(WriteOutcome.WRITTEN);
            assertThat(redis.keys(CacheKeys.recommendation("s-*"))).hasSize(120);
        }
    }
}
