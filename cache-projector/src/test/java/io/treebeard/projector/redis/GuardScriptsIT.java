package io.treebeard.projector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.CacheScripts;
import io.treebeard.stack.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delete markers, the read path's back-fill and the catalog's position guard, against a real redis-server. */
class GuardScriptsIT {

    private static final String TTL = "60000";

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

    private static long set(String key, long version, String data) {
        return redis.eval(CacheScripts.VERSIONED_SET, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(version), data, TTL);
    }

    private static long delete(String key, String version) {
        return redis.eval(CacheScripts.VERSIONED_DELETE, ScriptOutputType.INTEGER, new String[] {key}, version, TTL);
    }

    private static long fill(String key, long version, String data) {
        return redis.eval(CacheScripts.FILL_IF_ABSENT, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(version), data, TTL);
    }

    private static long catalog(String key, long version, String position, String hash, String data) {
        return redis.eval(CacheScripts.CATALOG_SET, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(version), position,
                hash, data, TTL);
    }

    @Test
    void aVersionedDeleteLeavesAMarkerThatAnOlderReplayCannotOverwrite() {
        String key = CacheKeys.profile("u");
        set(key, 10, "v10");

        assertThat(delete(key, "20")).isEqualTo(1);
        assertThat(redis.hget(key, CacheKeys.FIELD_DATA)).isNull();
        assertThat(redis.hget(key, CacheKeys.FIELD_VERSION)).isEqualTo("20");
        assertThat(redis.pttl(key)).isPositive();
        assertThat(set(key, 15, "v15")).as("older than the delete").isEqualTo(-1);
        assertThat(set(key, 20, "v20")).as("the delete's own version").isZero();
        assertThat(redis.hget(key, CacheKeys.FIELD_DATA)).isNull();
        assertThat(set(key, 21, "v21")).as("re-created later").isEqualTo(1);
        assertThat(redis.hget(key, CacheKeys.FIELD_DATA)).isEqualTo("v21");
    }

    @Test
    void aDeleteOlderThanTheStoredValueKeepsTheValue() {
        String key = CacheKeys.profile("u");
        set(key, 30, "v30");

        assertThat(delete(key, "20")).isEqualTo(-1);
        assertThat(redis.hget(key, CacheKeys.FIELD_DATA)).isEqualTo("v30");
    }

    @Test
    void aTombstoneLeavesAMarkerKeepingTheStoredVersionOrZero() {
        String stored = CacheKeys.recommendation("u");
        set(stored, 7, "doc7");
        String absent = CacheKeys.recommendation("never");

        assertThat(delete(stored, "")).isEqualTo(1);
        assertThat(delete(absent, "")).isEqualTo(1);
        assertThat(redis.hgetall(stored)).containsOnlyKeys(CacheKeys.FIELD_VERSION).containsEntry(CacheKeys.FIELD_VERSION, "7");
        assertThat(redis.hgetall(absent)).containsOnlyKeys(CacheKeys.FIELD_VERSION).containsEntry(CacheKeys.FIELD_VERSION, "0");
        assertThat(set(stored, 7, "doc7 replayed")).isZero();
        assertThat(redis.hget(stored, CacheKeys.FIELD_DATA)).isNull();
    }

    @Test
    void aBackFillFillsOnlyAKeyThatDoesNotExistAtAll() {
        String absent = CacheKeys.profile("a");
        String deleted = CacheKeys.profile("d");
        delete(deleted, "5");

        assertThat(fill(absent, 0, "row")).isEqualTo(1);
        assertThat(fill(absent, 0, "row again")).isZero();
        assertThat(fill(deleted, 9, "row read before the delete")).isZero();
        assertThat(redis.hget(absent, CacheKeys.FIELD_DATA)).isEqualTo("row");
        assertThat(redis.hget(deleted, CacheKeys.FIELD_DATA)).isNull();
        assertThat(set(absent, 1, "projected")).as("any projected version wins over a back-fill").isEqualTo(1);
    }

    @Test
    void aCatalogWriteLandsOnlyFromADominatingPosition() {
        String key = CacheKeys.catalog("R");
        assertThat(catalog(key, 8, "5,3", "h1", "c1")).isEqualTo(1);

        assertThat(catalog(key, 8, "3,5", "h2", "c2")).as("behind on partition 0").isEqualTo(-1);
        assertThat(catalog(key, 9, "6,3", "h1", "c1 at 9")).as("same content: the version stays").isZero();
        assertThat(redis.hget(key, CacheKeys.FIELD_VERSION)).isEqualTo("8");
        assertThat(redis.hget(key, CacheKeys.FIELD_POSITION)).isEqualTo("6,3");
        assertThat(catalog(key, 9, "5,4", "h2", "c2")).as("behind the refreshed position").isEqualTo(-1);
        assertThat(catalog(key, 11, "6,5", "h2", "c2")).isEqualTo(1);
        assertThat(redis.hmget(key, CacheKeys.FIELD_VERSION, CacheKeys.FIELD_DATA, CacheKeys.FIELD_CONTENT_HASH))
                .extracting(kv -> kv.getValue()).containsExactly("11", "c2", "h2");
        assertThat(catalog(key, 11, "6,5", "h3", "other content, same position")).as("a version never names two contents")
                .isEqualTo(-1);
        assertThat(catalog(key, 14, "6,5,3", "h3", "c3")).as("a partition added").isEqualTo(1);
        assertThat(catalog(key, 15, "7,8", "h4", "c4")).as("missing the new partition").isEqualTo(-1);
    }

    @Test
    void aCatalogWrittenWithoutAPositionIsReplaced() {
        String key = CacheKeys.catalog("R");
        set(key, 900_000, "written by a release that kept no position");

        assertThat(catalog(key, 3, "3", "h", "c")).isEqualTo(1);
        assertThat(redis.hget(key, CacheKeys.FIELD_DATA)).isEqualTo("c");
    }
}
