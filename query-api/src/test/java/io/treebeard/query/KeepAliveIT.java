package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.FLAT;
import static io.treebeard.query.QueryTestSupport.TOU;
import static io.treebeard.query.QueryTestSupport.execute;
import static io.treebeard.query.QueryTestSupport.plan;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sequential requests on one keep-alive HTTP/1.1 connection, mixing cache hits, misses loaded from the recommendations
 * table and documents computed on the fly: every request is answered within the service's deadline plus a margin.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepAliveIT {

    private static final int REQUESTS = 2_000;
    private static final int USERS = 20;
    /** The service's deadline as {@link QueryTestSupport} starts it. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The deadline plus a margin: a request the service failed in time shows as its 504, a lost one as a timeout. */
    private static final Duration ANSWER_WITHIN = DEADLINE.plusSeconds(5);

    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack stack) throws Exception {
        DataSource db = QueryTestSupport.database(stack, "query_keepalive");
        List<String> sql = new ArrayList<>(List.of(
                plan("ka-a", "KA-R", true, 10, 12, FLAT),
                plan("ka-b", "KA-R", true, 50, 0, TOU)));
        for (int i = 0; i < USERS; i++) {
            String hit = user("hit", i);
            versionedSet(stack, CacheKeys.recommendation(hit), 5, new String(Json.mapper().writeValueAsBytes(document(hit, 5)),
                    StandardCharsets.UTF_8));
            String stored = user("stored", i);
            sql.add("INSERT INTO recommendations (user_id, version, generated_at, expires_at, payload) VALUES ('" + stored
                    + "', 3, '2026-11-25T10:00:00Z', '2099-01-01T00:00:00Z', '"
                    + new String(Json.mapper().writeValueAsBytes(document(stored, 3)), StandardCharsets.UTF_8) + "')");
            String computed = user("computed", i);
            sql.add("INSERT INTO user_profile (user_id, region, current_plan_id, updated_at) VALUES ('" + computed
                    + "', 'KA-R', 'ka-a', '2026-11-01T00:00:00Z')");
            sql.add("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) SELECT '" + computed
                    + "', d::date, 30, 12 FROM generate_series('2026-09-01'::date, '2026-10-31', '1 day') d");
        }
        execute(db, sql.toArray(String[]::new));
        app = QueryTestSupport.start(stack, "query_keepalive");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everySequentialRequestOnOneKeepAliveConnectionIsAnswered() throws Exception {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        List<String> statuses = new ArrayList<>();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String[] kinds = {"hit", "stored", "computed", "missing"};
            for (int i = 0; i < REQUESTS; i++) {
                String path = "/api/v1/recommendations/" + user(kinds[i % kinds.length], (i / kinds.length) % USERS);
                String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + QueryTestSupport.BEARER + "\r\n\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Response response;
                try {
                    response = Response.read(in);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("request " + i + " (" + path + ") not answered within " + ANSWER_WITHIN
                            + " on the keep-alive connection; earlier statuses " + statuses.subList(Math.max(0, i - 8), i), e);
                }
                int expected = path.contains("missing") ? 404 : 200;
                assertThat(response.status()).as("request %d %s: %s", i, path, response.body()).isEqualTo(expected);
                statuses.add(response.status() + " " + response.cacheStatus());
            }
        }
        assertThat(statuses).hasSize(REQUESTS);
        assertThat(statuses).anyMatch(s -> s.endsWith("HIT")).anyMatch(s -> s.endsWith("MISS"));
    }

    private static String user(String kind, int i) {
        return String.format(Locale.ROOT, "ka-%s-%03d", kind, i);
    }

    private static RecommendationDocument document(String userId, long version) {
        return new RecommendationDocument(userId, version, Instant.parse("2026-11-25T10:00:00.123Z"), LocalDate.parse("2026-10-31"),
                RecommendationDocument.Status.ok, "KA-R", 1.0, 12000.5, 12,
                new RecommendationDocument.CurrentPlan("ka-a", new BigDecimal("1654.20")),
                List.of(new RecommendationDocument.Recommendation(1, "ka-b", "Prov", "Plan ka-b", new BigDecimal("1432.10"),
                        java.util.Collections.nCopies(12, new BigDecimal("119.34")), new BigDecimal("222.10"), new BigDecimal("150.00"),
                        new BigDecimal("72.10"), new BigDecimal("50.00"), 0, List.of("cheapest"))));
    }

    /** One HTTP/1.1 response read off a raw socket (Content-Length or chunked body). */
    private record Response(int status, String cacheStatus, String body) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            String cache = null;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("x-cache-status")) {
                    cache = value;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                throw new IOException("response without a length on a keep-alive connection: " + statusLine);
            }
            return new Response(status, cache, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
