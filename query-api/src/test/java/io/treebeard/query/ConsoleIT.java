package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.getPlanted;
import static io.treebeard.query.QueryTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.query.console.ConsoleRoutes;
import io.treebeard.schemas.json.Json;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The console's page, content-hashed assets and status document over HTTP (the browser test drives the pages). */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {

    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack stack) {
        QueryTestSupport.database(stack, "query_console");
        app = QueryTestSupport.start(stack, "query_console",
                "--treebeard.query.console.scrape.nowhere=http://127.0.0.1:9/actuator/prometheus");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void pageIsRevalidatedAndItsAssetsAreImmutableUnderTheirHash() throws Exception {
        HttpResponse<String> page = getPlanted(app, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(send(app, "GET", "/", "If-None-Match", etag).statusCode()).isEqualTo(304);

        Matcher js = Pattern.compile("/console/assets/app\\.[0-9a-f]{12}\\.js").matcher(page.body());
        assertThat(js.find()).as("hashed app.js in the page").isTrue();
        assertThat(page.body()).contains("\"tb/customer\": \"/console/assets/customer.");
        HttpResponse<String> asset = getPlanted(app, js.group());
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(asset.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(getPlanted(app, "/console/assets/app.000000000000.js").statusCode()).isEqualTo(404);
        Matcher uplot = Pattern.compile("/console/assets/uPlot\\.iife\\.min\\.[0-9a-f]{12}\\.js").matcher(page.body());
        assertThat(uplot.find()).as("the WebJar's chart library, hashed").isTrue();
        assertThat(getPlanted(app, uplot.group()).body()).contains("uPlot");
    }

    @Test
    void statusReportsAnUnreachableServiceAsDownAndItsOwnCacheFigures() throws Exception {
        HttpResponse<String> response = getPlanted(app, ConsoleRoutes.STATUS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode status = Json.mapper().readTree(response.body());
        assertThat(status.get("services").toString()).contains("\"service\":\"query-api\",\"up\":true")
                .contains("\"service\":\"nowhere\",\"up\":false");
        assertThat(status.get("cache").size()).isGreaterThan(0);
        assertThat(status.get("freshness").size()).isEqualTo(4);
        assertThat(status.has("rates") && status.has("rebuild") && status.has("dlq") && status.has("consumer_lag")).isTrue();
    }
}
