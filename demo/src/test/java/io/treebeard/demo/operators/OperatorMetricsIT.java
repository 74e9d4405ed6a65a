package io.treebeard.demo.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.demo.DemoOptions;
import io.treebeard.demo.Pipeline;
import io.treebeard.demo.SampleData;
import io.treebeard.demo.SampleLoader;
import io.treebeard.demo.Servers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules and the dashboard name is exported by a running service: the whole pipeline runs with
 * sample data and read traffic (hits and misses), then the four real Prometheus endpoints are scraped.
 */
class OperatorMetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private static Servers servers;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        servers = Servers.start(new DemoOptions(12, 23, Optional.empty(), Optional.empty(), "postgres", "", Optional.empty()));
        pipeline = Pipeline.start(servers, true);
        SampleData data = new SampleData(23, 12);
        SampleLoader.viaApi(pipeline.ingestUrl(), Pipeline.DEV_KEY, data, data.usageCsv(10_000, 7), message -> { });
        // Traffic: every user's documents read until served from the cache, and a catalog, so read-side meters have values.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            for (SampleData.UserBody user : data.users()) {
                assertThat(get(pipeline.queryUrl() + "/api/v1/recommendations/" + user.userId()).headers()
                        .firstValue("X-Cache-Status")).hasValue("HIT");
                get(pipeline.queryUrl() + "/api/v1/users/" + user.userId() + "/usage-analysis");
            }
            get(pipeline.queryUrl() + "/api/v1/plans/catalog?region=" + SampleData.REGIONS.get(0));
        });
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
    void everyMetricOfTheAlertsAndTheDashboardIsExported() throws Exception {
        Set<String> named = new TreeSet<>(OperatorFiles.metrics(OperatorFiles.alertExpressions()));
        named.addAll(OperatorFiles.metrics(OperatorFiles.dashboardExpressions()));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>();
            for (String service : List.of(pipeline.ingestManagementUrl(), pipeline.recommenderUrl(),
                    pipeline.projectorUrl(), pipeline.queryManagementUrl())) {
                HttpResponse<String> scrape = get(service + "/actuator/prometheus");
                assertThat(scrape.statusCode()).as(service).isEqualTo(200);
                Matcher m = SAMPLE.matcher(scrape.body());
                while (m.find()) {
                    exported.add(m.group(1));
                }
            }
            List<String> missing = new ArrayList<>(named);
            missing.removeAll(exported);
            assertThat(missing).as("named in deploy/ but exported by no service").isEmpty();
        });
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", Pipeline.DEV_AUTHORIZATION).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
