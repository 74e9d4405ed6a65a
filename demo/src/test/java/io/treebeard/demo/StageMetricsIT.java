package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-stage freshness timers and the consumer-group lag gauges (docs/operations.md, "Freshness and lag metrics")
 * on the services' real Prometheus endpoints, scraped over HTTP while the demo pipeline runs on real servers: each
 * timer has counted the changes this test made and exports its histogram buckets, and every group reports its lag on
 * each of its topics, down to zero once the pipeline has caught up.
 */
class StageMetricsIT {

    private static final int USERS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static Servers servers;
    private static Pipeline pipeline;

    @BeforeAll
    static void startAndChangeTheSource() throws Exception {
        servers = Servers.start(new DemoOptions(USERS, 23, Optional.empty(), Optional.empty(), "postgres", "", Optional.empty()));
        pipeline = Pipeline.start(servers, true);
        SampleData data = new SampleData(23, USERS);
        // Plans, profiles and a reading every 30th day: real source transactions on every captured table, kept small.
        SampleLoader.viaApi(pipeline.ingestUrl(), Pipeline.DEV_KEY, data, data.usageCsv(1_000, 30), message -> { });
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
    void everyStageTimesTheChangesItHandledAndEveryGroupReportsItsLag() throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Sample> ingest = scrape(pipeline.ingestManagementUrl());
            for (String topic : List.of(Topics.PLANS.name(), Topics.PROFILES.name(), Topics.USAGE.name())) {
                assertTimer(ingest, "treebeard_ingest_capture_freshness_seconds", "topic", topic);
            }
            List<Sample> recommender = scrape(pipeline.recommenderUrl());
            for (String output : List.of("recommendation", "usage_analysis")) {
                assertTimer(recommender, "treebeard_recommender_output_freshness_seconds", "output", output);
            }
            List<Sample> projector = scrape(pipeline.projectorUrl());
            for (String type : List.of("rec", "usage", "profile", "plan")) {
                assertTimer(projector, "treebeard_projector_redis_freshness_seconds", "type", type);
            }
            assertTimer(projector, "treebeard_projector_readmodel_freshness_seconds", "application", "cache-projector");
        });

        // A plan change fans out to its region's users: the documents it makes are timed too (they carry its commit time).
        double before = count(scrape(pipeline.recommenderUrl()), "treebeard_recommender_output_freshness_seconds", "output",
                "recommendation");
        SampleLoader.send(HTTP, Pipeline.DEV_KEY, "PUT", pipeline.ingestUrl() + "/api/v1/plans/plan-1", "application/json",
                "{\"provider\": \"Lone Star Power\", \"name\": \"Saver 1\", \"available_regions\": " + allRegions() + ","
                        + " \"is_active\": true, \"rate_structure\": {\"energy\": {\"type\": \"flat\", \"rate\": 0.001}},"
                        + " \"renewable_percentage\": 100, \"contract_months\": 0, \"early_termination_fee\": 0}");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(count(scrape(pipeline.recommenderUrl()), "treebeard_recommender_output_freshness_seconds", "output",
                        "recommendation")).isGreaterThan(before));

        Map<String, List<String>> groups = Map.of(
                pipeline.recommenderApplicationId(), List.of(Topics.USAGE.name(), Topics.PROFILES.name(), Topics.PLANS.name(),
                        pipeline.recommenderApplicationId() + "-plan-broadcast-repartition"),
                pipeline.projectorGroupId(), List.of(Topics.RECOMMENDATIONS.name(), Topics.PLANS.name(), Topics.PROFILES.name(),
                        Topics.USAGE_ANALYSIS.name()));
        Map<String, String> urls = Map.of(pipeline.recommenderApplicationId(), pipeline.recommenderUrl(),
                pipeline.projectorGroupId(), pipeline.projectorUrl());
        // Once the pipeline is idle, each group's sampled lag comes down to zero records and zero seconds on every topic.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (Map.Entry<String, List<String>> group : groups.entrySet()) {
                List<Sample> samples = scrape(urls.get(group.getKey()));
                for (String topic : group.getValue()) {
                    Map<String, String> labels = Map.of("group", group.getKey(), "topic", topic);
                    assertThat(value(samples, "treebeard_consumer_lag_records", labels)).as("records lag %s", labels).isEqualTo(0.0);
                    assertThat(value(samples, "treebeard_consumer_lag_seconds", labels)).as("seconds lag %s", labels).isEqualTo(0.0);
                }
            }
        });
    }

    private static String allRegions() {
        return SampleData.REGIONS.stream().map(r -> "\"" + r + "\"").toList().toString();
    }

    /** A timer with {@code label=value}: its count is above 0 and Prometheus gets its histogram buckets. */
    private static void assertTimer(List<Sample> samples, String name, String label, String value) {
        assertThat(count(samples, name, label, value)).as("%s_count{%s=%s}", name, label, value).isGreaterThan(0.0);
        List<Sample> buckets = samples.stream().filter(s -> s.name().equals(name + "_bucket") && value.equals(s.labels().get(label)))
                .toList();
        assertThat(buckets).as("%s_bucket{%s=%s}", name, label, value).hasSizeGreaterThan(10)
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
    }

    private static double count(List<Sample> samples, String name, String label, String value) {
        return samples.stream().filter(s -> s.name().equals(name + "_count") && value.equals(s.labels().get(label)))
                .mapToDouble(Sample::value).sum();
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        assertThat(matching).as("%s%s", name, labels).hasSize(1);
        return matching.get(0).value();
    }

    private static List<Sample> scrape(String baseUrl) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(baseUrl + "/actuator/prometheus").isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    /** One line of the Prometheus text format. */
    private record Sample(String name, Map<String, String> labels, double value) {
    }
}
