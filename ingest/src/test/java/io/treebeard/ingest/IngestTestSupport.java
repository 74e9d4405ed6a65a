package io.treebeard.ingest;

import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.TreeBeardApplication;
import io.treebeard.service.testing.OpenApiContract;
import io.treebeard.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the ingest service against the real local stack, in its own database, slot and offset topic. */
final class IngestTestSupport {

    static final String WRITER_KEY = "writer-key-0123456789";
    static final String READER_KEY = "reader-key-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private IngestTestSupport() {
    }

    static ConfigurableApplicationContext start(LocalStack stack, String database, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                // The tests read the health components; a deployment shows them to no one (service-kit default).
                "--management.endpoint.health.show-details=always", "--management.endpoint.health.show-components=always",
                "--logging.structured.format.console=",
                "--spring.datasource.url=" + stack.postgres().jdbcUrl(database),
                "--spring.flyway.user=postgres",
                "--treebeard.ingest.kafka-bootstrap-servers=" + stack.kafka().bootstrapServers(),
                "--treebeard.ingest.partitions=3",
                "--treebeard.ingest.capture.slot-name=slot_" + database,
                "--treebeard.ingest.capture.offset-topic=treebeard.ingest.offsets." + database,
                "--treebeard.ingest.capture.topic-prefix=tb_" + database,
                "--treebeard.ingest.capture.offset-flush-interval=200ms",
                "--treebeard.ingest.role-passwords.treebeard_writer=writer-secret",
                "--treebeard.ingest.role-passwords.treebeard_cdc=cdc-secret",
                "--treebeard.ingest.api.keys[0].name=writer",
                "--treebeard.ingest.api.keys[0].sha256=" + ApiKeys.sha256(WRITER_KEY),
                "--treebeard.ingest.api.keys[0].rights=read,write",
                "--treebeard.ingest.api.keys[1].name=reader",
                "--treebeard.ingest.api.keys[1].sha256=" + ApiKeys.sha256(READER_KEY),
                "--treebeard.ingest.api.keys[1].rights=read"));
        args.addAll(List.of(extra));
        return TreeBeardApplication.create(io.treebeard.ingest.IngestApplication.class).run(args.toArray(String[]::new));
    }

    /** A URI of the management port (actuator). */
    static URI managementUri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.management.port") + path);
    }

    static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + path);
    }

    static HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path, String contentType,
            String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpRequest built = request.build();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        OpenApiContract.check(built, body, response);
        return response;
    }

    static long count(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(DataSource db, String... sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** A fingerprint of every source table, to prove a refused request changed nothing. */
    static String fingerprint(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY plan_id)), '') FROM plan_catalog t)"
                        + " || '/' || (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY user_id)), '')"
                        + " FROM user_profile t) || '/' || (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|'"
                        + " ORDER BY user_id, usage_date)), '') FROM usage_history t)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
