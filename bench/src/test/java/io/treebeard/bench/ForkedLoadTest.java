package io.treebeard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A load run in a JVM of its own reports back through its JSON file. */
class ForkedLoadTest {

    @Test
    void aForkedHttpRunReportsItsRequestsStatusesAndLatencies() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Cache-Status", "HIT");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("host", "localhost");
            args.put("port", server.getAddress().getPort());
            args.put("connections", 2);
            args.put("mode", "fixed");
            args.put("rate", 200);
            args.put("warmupMs", 200);
            args.put("measureMs", 1_000);
            args.put("users", 100);
            JsonNode result = ForkedLoad.run("http", args, Duration.ofMinutes(1));
            assertThat(result.get("requests").asLong()).isBetween(180L, 220L);
            assertThat(result.get("errors").asLong()).isZero();
            assertThat(result.get("hits").asLong()).isGreaterThanOrEqualTo(result.get("requests").asLong());
            Histogram latency = ForkedLoad.histogram(result, "latencyUs");
            assertThat(latency.getTotalCount()).isEqualTo(result.get("requests").asLong());
        } finally {
            server.stop(0);
        }
    }
}
