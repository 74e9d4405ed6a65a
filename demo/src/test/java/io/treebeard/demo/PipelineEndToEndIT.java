package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline on real servers: the four services, sample data loaded through the write API, and the read API
 * answering what the source tables changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {

    private static final int USERS = 60;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Servers servers;
    private static Pipeline pipeline;
    private static SampleData data;

    @BeforeAll
    static void startAndLoad() throws Exception {
        servers = Servers.start(new DemoOptions(USERS, 11, Optional.empty(), Optional.empty(), "postgres", "", Optional.empty()));
        pipeline = Pipeline.start(servers, true);
        data = new SampleData(11, USERS);
        // A reading every 5th day: every window month has data, and the load stays small for a 2-core CI machine.
        List<String> usage = data.usageCsv(10_000, 5);
        SampleLoader.viaApi(pipeline.ingestUrl(), Pipeline.DEV_KEY, data, usage, message -> { });
        // Settled = every user's document reflects the user's last reading (a user's readings are processed in order),
        // so later version checks see only what the tests change.
        String lastReading = usage.stream().flatMap(String::lines).filter(l -> !l.startsWith("user_id"))
                .map(l -> l.split(",")[1]).max(String::compareTo).orElseThrow();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (SampleData.UserBody user : data.users()) {
                    JsonNode doc = recommendation(user.userId()).orElseThrow(() -> new AssertionError(user.userId() + " not served"));
                    // The pipeline's document, not one the read API computed while the pipeline is behind (version null).
                    assertThat(doc.get("version").isNull()).as(user.userId() + " has a pipeline version").isFalse();
                    assertThat(doc.get("months_with_data").asInt()).as(user.userId()).isEqualTo(12);
                    assertThat(doc.get("as_of").asString()).as(user.userId()).isEqualTo(lastReading);
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            diagnose();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void aPlanPriceChangeReranksItsRegionWithinTwoSecondsAndLeavesOtherRegionsVersionsAlone() throws Exception {
        // plan-1 is a single-region plan of TX-NORTH in the sample (see SampleData#plans).
        String region = "TX-NORTH";
        Map<String, Long> before = versions();
        Map<String, JsonNode> profiles = new HashMap<>();
        for (SampleData.UserBody user : data.users()) {
            profiles.put(user.userId(), Json.mapper().readTree(user.json()));
        }
        SampleLoader.send(HTTP, Pipeline.DEV_KEY, "PUT", pipeline.ingestUrl() + "/api/v1/plans/plan-1", "application/json",
                "{\"provider\": \"Lone Star Power\", \"name\": \"Saver 1\", \"available_regions\": [\"" + region + "\"],"
                        + " \"is_active\": true, \"rate_structure\": {\"energy\": {\"type\": \"flat\", \"rate\": 0.001}},"
                        + " \"renewable_percentage\": 100, \"contract_months\": 0, \"early_termination_fee\": 0}");
        List<String> affected = profiles.entrySet().stream()
                .filter(e -> e.getValue().get("region").asString().equals(region))
                .filter(e -> !"plan-1".equals(e.getValue().path("current_plan_id").asString(null)))
                .map(Map.Entry::getKey).sorted().toList();
        assertThat(affected).isNotEmpty();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            for (String user : affected) {
                assertThat(recommendation(user).orElseThrow().get("recommendations").get(0).get("plan_id").asString())
                        .as(user).isEqualTo("plan-1");
            }
        });
        Map<String, Long> after = versions();
        profiles.forEach((user, profile) -> {
            boolean untouched = !profile.get("region").asString().equals(region)
                    && !"plan-1".equals(profile.path("current_plan_id").asString(null));
            if (untouched) {
                assertThat(after.get(user)).as(user + " outside the plan's region").isEqualTo(before.get(user));
            }
        });
    }

    @Test
    @Order(2)
    void usagePostedForOneUserChangesThatUsersDocumentAndNoOneElses() throws Exception {
        String user = SampleData.userId(7);
        Map<String, Long> before = versions();
        SampleLoader.send(HTTP, Pipeline.DEV_KEY, "POST", pipeline.ingestUrl() + "/api/v1/usage", "text/csv",
                "user_id,usage_date,kwh,peak_kwh\n" + user + ",2026-11-01,250.000,100.000\n");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(recommendation(user).orElseThrow().get("as_of").asString()).isEqualTo("2026-11-01"));
        Map<String, Long> after = versions();
        assertThat(after.get(user)).isGreaterThan(before.get(user));
        after.remove(user);
        before.remove(user);
        assertThat(after).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aDeletedUserAnswers404() throws Exception {
        String user = SampleData.userId(3);
        assertThat(recommendation(user)).isPresent();
        SampleLoader.send(HTTP, Pipeline.DEV_KEY, "DELETE", pipeline.ingestUrl() + "/api/v1/users/" + user, "application/json", "");
        // A miss answers 404 from PostgreSQL at once; the cached documents follow when the pipeline has the delete.
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/recommendations/" + user).statusCode() == 404
                && get("/api/v1/users/" + user + "/profile").statusCode() == 404);
        HttpResponse<String> gone = get("/api/v1/users/" + user + "/profile");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }

    /** What each stage holds for the users not yet served complete, printed when the load does not converge. */
    private static void diagnose() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password());
                io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(servers.redis());
                var redis = client.connect()) {
            for (SampleData.UserBody user : data.users()) {
                Optional<JsonNode> served = recommendation(user.userId());
                if (served.isPresent() && served.get().get("months_with_data").asInt() == 12) {
                    continue;
                }
                String readings;
                String model;
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*), min(usage_date), max(usage_date)"
                        + " FROM usage_history WHERE user_id = '" + user.userId() + "'")) {
                    rs.next();
                    readings = rs.getLong(1) + " readings " + rs.getString(2) + ".." + rs.getString(3);
                }
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT version, payload->>'months_with_data'"
                        + " FROM recommendations WHERE user_id = '" + user.userId() + "'")) {
                    model = rs.next() ? "v" + rs.getLong(1) + " months " + rs.getString(2) : "no row";
                }
                System.out.printf("[e2e] %s served=%s | redis v=%s | read model %s | source %s%n", user.userId(),
                        served.map(d -> "v" + d.get("version") + " months " + d.get("months_with_data")).orElse("none"),
                        redis.sync().hget(io.treebeard.schemas.cache.CacheKeys.recommendation(user.userId()), "v"), model, readings);
            }
        }
    }

    private static Map<String, Long> versions() throws Exception {
        Map<String, Long> versions = new HashMap<>();
        for (SampleData.UserBody user : data.users()) {
            versions.put(user.userId(), recommendation(user.userId()).orElseThrow().get("version").asLong());
        }
        return versions;
    }

    private static Optional<JsonNode> recommendation(String user) throws Exception {
        HttpResponse<String> response = get("/api/v1/recommendations/" + user);
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
        // BYPASS (Redis slow under a loaded CI machine) serves the same read model; the header must be there either way.
        assertThat(response.headers().firstValue("X-Cache-Status")).hasValueSatisfying(s -> assertThat(s).isIn("HIT", "MISS", "BYPASS"));
        return Optional.of(Json.mapper().readTree(response.body()));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        // Longer than the read API's deadline (2 s): a request it failed to answer shows as an error, never as a hang.
        return HTTP.send(HttpRequest.newBuilder(URI.create(pipeline.queryUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", Pipeline.DEV_AUTHORIZATION).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
