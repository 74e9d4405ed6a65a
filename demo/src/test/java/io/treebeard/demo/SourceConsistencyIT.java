package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.projector.ProjectorApplication;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.json.Json;
import io.treebeard.service.TreeBeardApplication;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Served state equals the source after writes made straight to PostgreSQL in big transactions (issue 15): regional
 * catalogs built from plans of six partitions read in any order, by two projector instances (one with three listener
 * threads); deleted users that stay deleted through FLUSHALL and the rebuild.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceConsistencyIT {

    private static final List<String> REGIONS = List.of("CR-1", "CR-2", "CR-3", "CR-4", "CR-5");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Servers servers;
    private static Pipeline pipeline;
    private static ConfigurableApplicationContext secondProjector;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        servers = Servers.start(new DemoOptions(0, 11, Optional.empty(), Optional.empty(), "postgres", "", Optional.empty()));
        pipeline = Pipeline.start(servers, true);
        // A second projector of the same group, with three listener threads: each instance gets only some partitions.
        secondProjector = TreeBeardApplication.create(ProjectorApplication.class).run("--server.port=0",
                "--spring.main.register-shutdown-hook=false", "--logging.structured.format.console=", "--logging.level.root=WARN",
                "--spring.application.name=cache-projector", "--spring.main.web-application-type=servlet",
                "--spring.autoconfigure.exclude=" + Pipeline.NO_DATABASE,
                "--treebeard.projector.concurrency=3",
                "--treebeard.projector.kafka-bootstrap-servers=" + servers.kafka(),
                "--treebeard.projector.redis.uri=" + servers.redis(),
                "--treebeard.projector.database.url=" + servers.jdbcUrl(),
                "--treebeard.projector.database.user=" + servers.user(),
                "--treebeard.projector.database.password=" + servers.password());
        redisClient = RedisClient.create(servers.redis());
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        if (secondProjector != null) {
            secondProjector.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void regionalCatalogsEqualTheSourceAfterBigMultiRegionTransactionsOfInsertsUpdatesAndDeletes() throws Exception {
        Random random = new Random(15);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO plan_catalog (plan_id, provider, name, available_regions,"
                    + " is_active, rate_structure, renewable_percentage, contract_months, early_termination_fee, updated_at)"
                    + " VALUES (?, 'Acme', ?, ?, true, ?::jsonb, ?, ?, ?, now())")) {
                for (int i = 0; i < 40; i++) {
                    List<String> regions = new ArrayList<>();
                    for (String region : REGIONS) {
                        if (random.nextInt(3) == 0) {
                            regions.add(region);
                        }
                    }
                    if (regions.isEmpty()) {
                        regions.add(REGIONS.get(i % REGIONS.size()));
                    }
                    insert.setString(1, "cp-" + i);
                    insert.setString(2, "Plan " + i);
                    insert.setArray(3, c.createArrayOf("text", regions.toArray()));
                    insert.setString(4, "{\"monthly_fee\": " + (i % 7) + ".95, \"energy\": {\"type\": \"flat\", \"rate\": 0.1" + i + "}}");
                    insert.setBigDecimal(5, BigDecimal.valueOf(random.nextInt(101)));
                    insert.setInt(6, random.nextInt(4) * 12);
                    insert.setBigDecimal(7, BigDecimal.valueOf(random.nextInt(200)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        awaitCatalogsEqualTheSource();
        Map<String, Long> firstVersions = catalogVersions();

        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE plan_catalog SET early_termination_fee = early_termination_fee + 1,"
                        + " rate_structure = jsonb_set(rate_structure, '{monthly_fee}', '1.25'), updated_at = now()"
                        + " WHERE plan_id IN ('cp-1', 'cp-2', 'cp-3', 'cp-5', 'cp-8', 'cp-13', 'cp-21', 'cp-34')");
                s.executeUpdate("DELETE FROM plan_catalog WHERE plan_id IN ('cp-4', 'cp-9', 'cp-16', 'cp-25', 'cp-36')");
                s.executeUpdate("UPDATE plan_catalog SET is_active = false, updated_at = now() WHERE plan_id IN ('cp-6', 'cp-7')");
                s.executeUpdate("UPDATE plan_catalog SET available_regions = '{CR-5}', updated_at = now()"
                        + " WHERE plan_id IN ('cp-10', 'cp-11', 'cp-12')");
            }
            c.commit();
        }
        awaitCatalogsEqualTheSource();
        Map<String, Long> secondVersions = catalogVersions();
        for (String region : REGIONS) {
            assertThat(secondVersions.get(region)).as(region + " changed, so its version rose").isGreaterThan(firstVersions.get(region));
        }
    }

    @Test
    @Order(2)
    void aUserDeletedByDirectSqlAnswers404EverywhereAndStaysDeletedThroughFlushallAndTheRebuild() throws Exception {
        String user = "cu-gone";
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO user_profile (user_id, region, preferences, updated_at)"
                        + " VALUES ('" + user + "', 'CR-1', '{}', now())");
                LocalDate day = LocalDate.parse("2026-01-01");
                StringBuilder sql = new StringBuilder("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES ");
                for (int d = 0; d < 60; d++) {
                    sql.append(d == 0 ? "" : ", ").append("('").append(user).append("', '").append(day.plusDays(d)).append("', 20.5, 8)");
                }
                s.executeUpdate(sql.toString());
            }
            c.commit();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> usage = get("/api/v1/users/" + user + "/usage-analysis");
            assertThat(usage.statusCode()).isEqualTo(200);
            assertThat(usage.headers().firstValue("X-Cache-Status")).hasValue("HIT");
            assertThat(get("/api/v1/recommendations/" + user).headers().firstValue("X-Cache-Status")).hasValue("HIT");
            assertThat(get("/api/v1/users/" + user + "/profile").headers().firstValue("X-Cache-Status")).hasValue("HIT");
        });

        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM usage_history WHERE user_id = '" + user + "'");
                s.executeUpdate("DELETE FROM user_profile WHERE user_id = '" + user + "'");
            }
            c.commit();
        }
        awaitGone(user);

        redis.sync().flushall();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(redis.sync().get(CacheKeys.GENERATION)).as("the projector noticed the loss and rebuilt").isNotNull());
        // The rebuild replays the compacted topics, where the user's documents precede their tombstones.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(redis.sync().exists(CacheKeys.catalog("CR-1"))).as("the rebuild reached the catalogs").isEqualTo(1));
        awaitGone(user);
        for (String key : List.of(CacheKeys.recommendation(user), CacheKeys.usageAnalysis(user), CacheKeys.profile(user))) {
            assertThat(redis.sync().hget(key, CacheKeys.FIELD_DATA)).as(key + " holds no value").isNull();
        }
    }

    private static void awaitGone(String user) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(get("/api/v1/users/" + user + "/usage-analysis").statusCode()).as("usage analysis").isEqualTo(404);
            assertThat(get("/api/v1/recommendations/" + user).statusCode()).as("recommendation").isEqualTo(404);
            assertThat(get("/api/v1/users/" + user + "/profile").statusCode()).as("profile").isEqualTo(404);
        });
    }

    private static void awaitCatalogsEqualTheSource() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Map<String, String>> expected = sourceCatalogs();
            for (String region : REGIONS) {
                HttpResponse<String> response = get("/api/v1/plans/catalog?region=" + region + "&limit=500");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("X-Cache-Status")).as(region + " served from the projection").hasValue("HIT");
                JsonNode body = Json.mapper().readTree(response.body());
                assertThat(body.get("version").isNull()).as(region + " has a version").isFalse();
                Map<String, String> served = new LinkedHashMap<>();
                for (JsonNode plan : body.get("plans")) {
                    served.put(plan.get("plan_id").asString(), describe(plan.get("early_termination_fee").decimalValue(),
                            plan.get("rate_structure").get("monthly_fee").decimalValue(), plan.get("available_regions").toString()));
                }
                assertThat(served).as(region).containsExactlyEntriesOf(expected.getOrDefault(region, Map.of()));
            }
        });
    }

    /** Per region, its active plans in code-point order of plan_id, each described by fields the test changes. */
    private static Map<String, Map<String, String>> sourceCatalogs() throws Exception {
        Map<String, Map<String, String>> catalogs = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT r.region, p.plan_id, p.early_termination_fee, (p.rate_structure->>'monthly_fee')::numeric,"
                        + " p.available_regions FROM plan_catalog p, unnest(p.available_regions) AS r(region)"
                        + " WHERE p.is_active ORDER BY r.region, p.plan_id COLLATE \"C\"")) {
            while (rs.next()) {
                String[] regions = (String[]) rs.getArray(5).getArray();
                catalogs.computeIfAbsent(rs.getString(1), r -> new LinkedHashMap<>()).put(rs.getString(2),
                        describe(rs.getBigDecimal(3), rs.getBigDecimal(4), Json.mapper().writeValueAsString(regions)));
            }
        }
        return catalogs;
    }

    private static String describe(BigDecimal fee, BigDecimal monthlyFee, String regions) {
        return "etf=" + fee.stripTrailingZeros().toPlainString() + " monthly=" + monthlyFee.stripTrailingZeros().toPlainString()
                + " regions=" + regions;
    }

    private static Map<String, Long> catalogVersions() throws Exception {
        Map<String, Long> versions = new TreeMap<>();
        for (String region : REGIONS) {
            versions.put(region, Json.mapper().readTree(get("/api/v1/plans/catalog?region=" + region).body()).get("version").asLong());
        }
        return versions;
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.queryUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", Pipeline.DEV_AUTHORIZATION).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
