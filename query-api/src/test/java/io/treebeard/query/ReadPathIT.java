package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.FLAT;
import static io.treebeard.query.QueryTestSupport.TOU;
import static io.treebeard.query.QueryTestSupport.execute;
import static io.treebeard.query.QueryTestSupport.get;
import static io.treebeard.query.QueryTestSupport.getPlanted;
import static io.treebeard.query.QueryTestSupport.plan;
import static io.treebeard.query.QueryTestSupport.queries;
import static io.treebeard.query.QueryTestSupport.redis;
import static io.treebeard.query.QueryTestSupport.send;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.query.read.SourceQuery;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The read path on the real stack: hits, misses with back-fill, the database fallbacks, stampede protection, errors. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadPathIT {

    private LocalStack stack;
    private DataSource db;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) throws Exception {
        stack = localStack;
        db = QueryTestSupport.database(stack, "query_read");
        execute(db,
                plan("rp-a", "RP-R", true, 10, 12, FLAT),
                plan("rp-b", "RP-R", true, 50, 0, TOU),
                plan("rp-c", "RP-R", true, 100, 24, FLAT),
                plan("rp-old", "RP-R", false, 100, 0, FLAT),
                "INSERT INTO user_profile (user_id, region, current_plan_id, preferences, updated_at)"
                        + " VALUES ('rp-u1', 'RP-R', 'rp-a', '{\"top_n\": 2}', '2026-11-01T00:00:00Z')",
                "INSERT INTO user_profile (user_id, region) VALUES ('rp-noreadings', 'RP-R')",
                "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                        + " SELECT 'rp-u1', d::date, 30, 12 FROM generate_series('2026-01-01'::date, '2026-10-31', '1 day') d");
        app = QueryTestSupport.start(stack, "query_read");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void storedCacheBytesAreServedAsTheyAreWithHit() throws Exception {
        String stored = "{\"user_id\":\"rp-hit\",\"marker\":  \"exact bytes\"}";
        versionedSet(stack, CacheKeys.profile("rp-hit"), 9, stored);

        HttpResponse<String> response = getPlanted(app, "/api/v1/users/rp-hit/profile");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(stored);
        assertThat(response.headers().firstValue("X-Cache-Status")).hasValue("HIT");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
    }

    @Test
    void aProfileMissIsLoadedBackFilledWithVersionZeroAndThenHit() throws Exception {
        HttpResponse<String> first = get(app, "/api/v1/users/rp-u1/profile");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        JsonNode profile = Json.mapper().readTree(first.body());
        assertThat(profile.path("user_id").asString()).isEqualTo("rp-u1");
        assertThat(profile.path("region").asString()).isEqualTo("RP-R");
        assertThat(profile.path("preferences").path("top_n").asInt()).isEqualTo(2);
        assertThat((String) redis(stack, r -> r.hget(CacheKeys.profile("rp-u1"), CacheKeys.FIELD_VERSION))).isEqualTo("0");

        HttpResponse<String> second = get(app, "/api/v1/users/rp-u1/profile");
        assertThat(second.headers().firstValue("X-Cache-Status")).hasValue("HIT");
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void aDeleteMarkerIsAMissAndABackFillDoesNotReviveTheDeletedValue() throws Exception {
        // The projector deleted the profile at LSN 50 (a marker: v without d) while this reader was loading the row it
        // read from PostgreSQL just before the delete committed: the back-fill must not bring it back.
        redis(stack, r -> r.del(CacheKeys.profile("rp-noreadings")));
        redis(stack, r -> r.hset(CacheKeys.profile("rp-noreadings"), CacheKeys.FIELD_VERSION, "50"));

        HttpResponse<String> response = get(app, "/api/v1/users/rp-noreadings/profile");

        assertThat(response.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat((Object) redis(stack, r -> r.hget(CacheKeys.profile("rp-noreadings"), CacheKeys.FIELD_DATA))).isNull();
        assertThat((String) redis(stack, r -> r.hget(CacheKeys.profile("rp-noreadings"), CacheKeys.FIELD_VERSION))).isEqualTo("50");
        redis(stack, r -> r.del(CacheKeys.profile("rp-noreadings")));
    }

    @Test
    void aPlanMissIsBackFilledAndAnUnknownPlanIs404Problem() throws Exception {
        HttpResponse<String> first = get(app, "/api/v1/plans/rp-b");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(Json.mapper().readTree(first.body()).path("rate_structure").path("energy").path("type").asString()).isEqualTo("tou");
        assertThat(get(app, "/api/v1/plans/rp-b").headers().firstValue("X-Cache-Status")).hasValue("HIT");

        HttpResponse<String> missing = get(app, "/api/v1/plans/rp-none");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.mapper().readTree(missing.body()).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void aStoredRecommendationIsBackFilledWithItsOwnVersion() throws Exception {
        String payload = new String(Json.mapper().writeValueAsBytes(document("rp-stored", 7)));
        execute(db, "INSERT INTO recommendations (user_id, version, generated_at, expires_at, payload) VALUES ('rp-stored', 7,"
                + " now(), now() + interval '1 day', '" + payload + "')");

        HttpResponse<String> first = get(app, "/api/v1/recommendations/rp-stored");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat(first.body()).isEqualTo(payload);
        assertThat((String) redis(stack, r -> r.hget(CacheKeys.recommendation("rp-stored"), CacheKeys.FIELD_VERSION))).isEqualTo("7");
        assertThat(get(app, "/api/v1/recommendations/rp-stored").headers().firstValue("X-Cache-Status")).hasValue("HIT");
    }

    @Test
    void aRecommendationNotYetStoredIsComputedFromTheSourceTablesAndNotBackFilled() throws Exception {
        HttpResponse<String> response = get(app, "/api/v1/recommendations/rp-u1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        JsonNode doc = Json.mapper().readTree(response.body());
        assertThat(doc.path("status").asString()).isEqualTo("ok");
        assertThat(doc.path("current_plan").path("plan_id").asString()).isEqualTo("rp-a");
        assertThat(doc.path("recommendations")).hasSize(2);
        assertThat(doc.path("recommendations").get(0).path("monthly_costs")).hasSize(12);
        assertThat(doc.has("version")).isTrue();
        assertThat(doc.get("version").isNull()).as("no version is known yet: none is made up").isTrue();
        assertThat(response.headers().firstValue("ETag")).isEmpty();
        assertThat((Long) redis(stack, r -> r.exists(CacheKeys.recommendation("rp-u1")))).isZero();
        assertThat(get(app, "/api/v1/recommendations/rp-u1").headers().firstValue("X-Cache-Status")).hasValue("MISS");

        HttpResponse<String> noReadings = get(app, "/api/v1/recommendations/rp-noreadings");
        assertThat(Json.mapper().readTree(noReadings.body()).path("status").asString()).isEqualTo("insufficient_usage");
        assertThat(get(app, "/api/v1/recommendations/rp-nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void usageAnalysisIsComputedWithoutAVersionNotCachedAndIs404OnlyWithoutProfileAndReadings() throws Exception {
        HttpResponse<String> response = get(app, "/api/v1/users/rp-u1/usage-analysis");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode analysis = Json.mapper().readTree(response.body());
        assertThat(analysis.path("as_of").asString()).isEqualTo("2026-10-31");
        assertThat(analysis.path("window")).hasSize(12);
        assertThat(analysis.path("peak_share").asDouble()).isEqualTo(0.4);
        assertThat(analysis.get("version").isNull()).as("computed on the read path: no version").isTrue();
        assertThat(get(app, "/api/v1/users/rp-u1/usage-analysis").headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat((Long) redis(stack, r -> r.exists(CacheKeys.usageAnalysis("rp-u1")))).isZero();

        JsonNode empty = Json.mapper().readTree(get(app, "/api/v1/users/rp-noreadings/usage-analysis").body());
        assertThat(empty.path("as_of").isNull()).isTrue();
        assertThat(empty.path("window")).isEmpty();
        assertThat(get(app, "/api/v1/users/rp-nobody/usage-analysis").statusCode()).isEqualTo(404);
    }

    @Test
    void theCatalogIsFilteredAndPagedWithACursor() throws Exception {
        HttpResponse<String> all = get(app, "/api/v1/plans/catalog?region=RP-R");
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode whole = Json.mapper().readTree(all.body());
        assertThat(whole.path("plans")).extracting(p -> p.path("plan_id").asString()).containsExactly("rp-a", "rp-b", "rp-c");
        assertThat(whole.get("version").isNull()).as("computed from the source tables: no version").isTrue();
        assertThat(all.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        assertThat((Long) redis(stack, r -> r.exists(CacheKeys.catalog("RP-R")))).as("not cached").isZero();
        assertThat(whole.path("plans").get(0).path("efl_avg_price_cents_per_kwh").path("1000").decimalValue())
                .isEqualByComparingTo(new BigDecimal("12.5"));

        JsonNode page1 = Json.mapper().readTree(get(app, "/api/v1/plans/catalog?region=RP-R&limit=2").body());
        assertThat(page1.path("plans")).extracting(p -> p.path("plan_id").asString()).containsExactly("rp-a", "rp-b");
        assertThat(page1.path("next_cursor").asString()).isEqualTo("rp-b");
        JsonNode page2 = Json.mapper().readTree(get(app, "/api/v1/plans/catalog?region=RP-R&limit=2&cursor=rp-b").body());
        assertThat(page2.path("plans")).extracting(p -> p.path("plan_id").asString()).containsExactly("rp-c");
        assertThat(page2.path("next_cursor").isNull()).isTrue();

        JsonNode green = Json.mapper().readTree(get(app, "/api/v1/plans/catalog?region=RP-R&min_renewable=50&max_contract_months=12")
                .body());
        assertThat(green.path("plans")).extracting(p -> p.path("plan_id").asString()).containsExactly("rp-b");

        JsonNode unknown = Json.mapper().readTree(get(app, "/api/v1/plans/catalog?region=NOWHERE").body());
        assertThat(unknown.path("plans")).isEmpty();

        HttpResponse<String> bad = get(app, "/api/v1/plans/catalog?region=RP-R&limit=501");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(bad.body()).at("/errors/0/field").asString()).isEqualTo("limit");
    }

    @Test
    void twoHundredConcurrentRequestsForOneColdKeyRunOneDatabaseQuery() throws Exception {
        String payload = new String(Json.mapper().writeValueAsBytes(document("rp-stampede", 3)));
        execute(db, "INSERT INTO recommendations (user_id, version, generated_at, expires_at, payload) VALUES ('rp-stampede', 3,"
                + " now(), now() + interval '1 day', '" + payload + "')");
        // Warm connections and code paths with 200 concurrent hits first, as a running service is.
        versionedSet(stack, CacheKeys.recommendation("rp-warm"), 1, payload);
        concurrently(200, "/api/v1/recommendations/rp-warm");
        long before = queries(app, SourceQuery.RECOMMENDATION_BY_USER);

        List<CompletableFuture<HttpResponse<String>>> responses = concurrently(200, "/api/v1/recommendations/rp-stampede");

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.join().statusCode()).isEqualTo(200);
            assertThat(r.join().body()).isEqualTo(payload);
        });
        assertThat(queries(app, SourceQuery.RECOMMENDATION_BY_USER) - before)
                .as("statuses %s", responses.stream().map(r -> r.join().headers().firstValue("X-Cache-Status").orElse("?"))
                        .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting())))
                .isEqualTo(1);
    }

    @Test
    void malformedIdsAre400NamingTheParameterUnknownRoutes404AndWrongMethods405() throws Exception {
        HttpResponse<String> bad = send(app, "GET", "/api/v1/users/bad%20id/profile", "X-Request-ID", "client-id-1");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("X-Request-ID")).hasValue("client-id-1");
        assertThat(Json.mapper().readTree(bad.body()).at("/errors/0/field").asString()).isEqualTo("user_id");
        assertThat(get(app, "/api/v1/plans/" + "x".repeat(65)).statusCode()).isEqualTo(400);
        assertThat(get(app, "/api/v1/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send(app, "POST", "/api/v1/plans/rp-a");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get(app, "/openapi.json").statusCode()).isEqualTo(200);
    }

    @Test
    void readsAreCountedForTheProjectorInTheBackground() throws Exception {
        versionedSet(stack, CacheKeys.plan("rp-hot"), 4, "{\"plan_id\":\"rp-hot\"}");
        for (int i = 0; i < 5; i++) {
            get(app, "/api/v1/plans/rp-hot");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat((Double) redis(stack, r -> r.zscore(CacheKeys.hotness(KeyType.PLAN), "rp-hot"))).isEqualTo(5.0);
            assertThat((String) redis(stack, r -> r.hget(CacheKeys.stats(KeyType.PLAN), CacheKeys.FIELD_HITS))).isNotNull();
        });
    }

    @Test
    void adminQueryAnalysisAnswersEveryMode() throws Exception {
        for (String mode : List.of("health", "pool", "indexes", "slow")) {
            HttpResponse<String> response = get(app, "/admin/query-analysis?mode=" + mode);
            assertThat(response.statusCode()).as(mode + ": " + response.body()).isEqualTo(200);
            assertThat(Json.mapper().readTree(response.body()).path("mode").asString()).isEqualTo(mode);
        }
        assertThat(get(app, "/admin/query-analysis?mode=nope").statusCode()).isEqualTo(400);
    }

    private List<CompletableFuture<HttpResponse<String>>> concurrently(int n, String path) {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(QueryTestSupport.uri(app, path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", QueryTestSupport.BEARER).build();
        for (int i = 0; i < n; i++) {
            responses.add(QueryTestSupport.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
        return responses;
    }

    private static RecommendationDocument document(String userId, long version) {
        return new RecommendationDocument(userId, version, Instant.parse("2026-11-25T10:00:00.123Z"), LocalDate.parse("2026-10-31"),
                RecommendationDocument.Status.ok, "RP-R", 1.0, 12000.5, 12,
                new RecommendationDocument.CurrentPlan("rp-a", new BigDecimal("1654.20")),
                List.of(new RecommendationDocument.Recommendation(1, "rp-b", "Prov", "Plan rp-b", new BigDecimal("1432.10"),
                        java.util.Collections.nCopies(12, new BigDecimal("119.34")), new BigDecimal("222.10"), new BigDecimal("150.00"),
                        new BigDecimal("72.10"), new BigDecimal("50.00"), 0, List.of("cheapest"))));
    }
}
