package io.treebeard.query;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.query.metrics.QueryMetrics;
import io.treebeard.query.read.SourceQuery;
import io.treebeard.schemas.cache.CacheScripts;
import io.treebeard.service.TreeBeardApplication;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.testing.OpenApiContract;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the query API against the real local stack, in its own database. */
final class QueryTestSupport {

    /** The key every test request sends unless it brings its own: rights {@code read} and {@code admin}. */
    static final String KEY = "query-tests-admin-key";
    /** A key with the {@code read} right only. */
    static final String READER_KEY = "query-tests-reader-key";
    /** The Authorization header of {@link #KEY}. */
    static final String BEARER = "Bearer " + KEY;

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QueryTestSupport() {
    }

    /** Creates and migrates {@code database} and returns a superuser data source on it. */
    static DataSource database(LocalStack stack, String database) {
        stack.postgres().createDatabase(database);
        DataSource ds = stack.postgres().dataSource(database);
        Migrations.migrate(ds);
        return ds;
    }

    static ConfigurableApplicationContext start(LocalStack stack, String database, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--logging.structured.format.console=",
                "--treebeard.query.database.url=" + stack.postgres().jdbcUrl(database),
                "--treebeard.query.database.user=treebeard_reader",
                "--treebeard.query.database.password=treebeard-reader",
                "--treebeard.query.database.pool-size=4",
                "--treebeard.query.redis.uri=" + stack.redis().uri(),
                // The test machine shares 2 cores with other builds (load average 10-20 seen): production timeouts
                // would fire on scheduling stalls, not on Redis or PostgreSQL. Outage tests do not depend on them (a
                // down server refuses connections at once).
                "--treebeard.query.redis.command-timeout=1s",
                "--treebeard.query.redis.slow-call-threshold=1s",
                "--treebeard.query.read.deadline=10s",
                "--treebeard.query.security.keys[0].name=tests",
                "--treebeard.query.security.keys[0].sha256=" + ApiKeys.sha256(KEY),
                "--treebeard.query.security.keys[0].rights=read,admin",
                "--treebeard.query.security.keys[1].name=reader",
                "--treebeard.query.security.keys[1].sha256=" + ApiKeys.sha256(READER_KEY),
                "--treebeard.query.security.keys[1].rights=read"));
        // An extra argument replaces the default of the same key (Spring would join repeated arguments with commas).
        for (String e : extra) {
            String key = e.substring(0, e.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
        }
        args.addAll(List.of(extra));
        return TreeBeardApplication.create(QueryApplication.class).run(args.toArray(String[]::new));
    }

    static HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
        return send(app, "GET", path);
    }

    /** Sends with {@link #KEY} unless {@code headers} carry a key of their own. */
    static HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path, String... headers)
            throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization") || headers[i].equalsIgnoreCase(ApiKeys.API_KEY_HEADER)) {
                return sendWithoutKey(app, method, path, headers);
            }
        }
        String[] withKey = java.util.Arrays.copyOf(headers, headers.length + 2);
        withKey[headers.length] = "Authorization";
        withKey[headers.length + 1] = BEARER;
        return sendWithoutKey(app, method, path, withKey);
    }

    /** Sends exactly {@code headers}, no key added. */
    static HttpResponse<String> sendWithoutKey(ConfigurableApplicationContext app, String method, String path, String... headers)
            throws Exception {
        // Longer than the service's deadline (10 s in tests), so a request the service failed to answer in time shows as
        // its 504, not as a client timeout.
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path)).timeout(Duration.ofSeconds(15))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpRequest built = request.build();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        OpenApiContract.check(built, null, response);
        return response;
    }

    /**
     * A GET not held to the API description: for tests that plant bytes in the cache which are not a document (to see
     * them served byte for byte), so their answer cannot match the document's schema.
     */
    static HttpResponse<String> getPlanted(ConfigurableApplicationContext app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(app, path)).timeout(Duration.ofSeconds(15)).header("Authorization", BEARER).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + path);
    }

    static long queries(ConfigurableApplicationContext app, SourceQuery query) {
        return app.getBean(QueryMetrics.class).queryCount(query);
    }

    static void execute(DataSource db, String... sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Writes a cache value exactly as the projector does: through the version-guarded script. */
    static long versionedSet(LocalStack stack, String key, long version, String json) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().eval(CacheScripts.VERSIONED_SET, ScriptOutputType.INTEGER, new String[] {key},
                    Long.toString(version), json, Long.toString(Duration.ofMinutes(10).toMillis()));
        } finally {
            client.shutdown();
        }
    }

    /** Runs {@code command} against the stack's Redis with a short-lived connection. */
    static <T> T redis(LocalStack stack, java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return command.apply(c.sync());
        } finally {
            client.shutdown();
        }
    }

    static String plan(String id, String region, boolean active, double renewable, int months, String rate) {
        return "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure,"
                + " renewable_percentage, contract_months, early_termination_fee, updated_at) VALUES ('" + id + "', 'Prov', 'Plan "
                + id + "', ARRAY['" + region + "'], " + active + ", '" + rate + "', " + renewable + ", " + months
                + ", 150.00, '2026-11-01T00:00:00Z')";
    }

    static final String FLAT = "{\"monthly_fee\": 4.95, \"energy\": {\"type\": \"flat\", \"rate\": 0.12}}";
    static final String TOU = "{\"energy\": {\"type\": \"tou\", \"peak_rate\": 0.20, \"off_peak_rate\": 0.08}}";
}
