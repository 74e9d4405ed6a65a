package io.treebeard.chaos;

import io.treebeard.stack.EmbeddedPostgresServer;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system as separate OS processes: Kafka, PostgreSQL and Redis, then ingest, recommender-streams,
 * cache-projector and two query-api replicas from their runnable jars. Every part keeps its port and data directory
 * across restarts.
 */
final class Stack implements AutoCloseable {

    /** The write key (rights read and write). */
    static final String WRITE_KEY = "chaos-write-key";
    /** A key of the write API with the read right only: writes with it must answer 403. */
    static final String READ_ONLY_KEY = "chaos-read-only-key";
    /** The read API's key. */
    static final String READ_KEY = "chaos-read-key";
    static final String RECOMMENDER_GROUP = "treebeard-recommender";
    static final String PROJECTOR_GROUP = "treebeard-projector";

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    final Path runDir;
    final KafkaBroker kafka;
    final EmbeddedPostgresServer postgres;
    final RedisProcess redis;
    final JavaService ingest;
    final JavaService recommender;
    final JavaService projector;
    final List<JavaService> queryApis;
    private final String jdbcUrl;

    private Stack(Path runDir, KafkaBroker kafka, EmbeddedPostgresServer postgres, RedisProcess redis, String jdbcUrl,
            JavaService ingest, JavaService recommender, JavaService projector, List<JavaService> queryApis) {
        this.runDir = runDir;
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.jdbcUrl = jdbcUrl;
        this.ingest = ingest;
        this.recommender = recommender;
        this.projector = projector;
        this.queryApis = queryApis;
    }

    static Stack start(Path root, Path runDir) throws IOException {
        long t0 = System.nanoTime();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(runDir.resolve("postgres"));
        pg.createDatabase(LocalStack.DATABASE);
        Migrations.migrate(pg.dataSource(LocalStack.DATABASE));
        String jdbc = pg.jdbcUrl(LocalStack.DATABASE);
        KafkaBroker kafka = KafkaBroker.start(runDir.resolve("kafka"));
        RedisProcess redis = RedisProcess.start(runDir.resolve("redis"));
        LOG.info("servers up in {} s: kafka {}, postgres {}, redis {}", (System.nanoTime() - t0) / 1_000_000_000, kafka.bootstrapServers(),
                jdbc, redis.uri());
        String user = EmbeddedPostgresServer.SUPERUSER;
        JavaService ingest = JavaService.of("ingest", root, "ingest", runDir, List.of(
                "--spring.datasource.url=" + jdbc, "--spring.datasource.username=" + user, "--spring.datasource.password=",
                "--spring.flyway.user=" + user, "--spring.flyway.password=",
                "--treebeard.ingest.kafka-bootstrap-servers=" + kafka.bootstrapServers(),
                "--treebeard.ingest.capture.database-url=" + jdbc,
                "--treebeard.ingest.capture.user=" + user, "--treebeard.ingest.capture.password=",
                "--treebeard.ingest.api.keys[0].name=chaos-writer",
                "--treebeard.ingest.api.keys[0].sha256=" + sha256(WRITE_KEY),
                "--treebeard.ingest.api.keys[0].rights=read,write",
                "--treebeard.ingest.api.keys[1].name=chaos-reader",
                "--treebeard.ingest.api.keys[1].sha256=" + sha256(READ_ONLY_KEY),
                "--treebeard.ingest.api.keys[1].rights=read"));
        Path state = runDir.resolve("streams-state");
        Files.createDirectories(state);
        JavaService recommender = JavaService.of("recommender-streams", root, "recommender-streams", runDir, List.of(
                "--treebeard.recommender.bootstrap-servers=" + kafka.bootstrapServers(),
                "--treebeard.recommender.state-dir=" + state));
        JavaService projector = JavaService.of("cache-projector", root, "cache-projector", runDir, List.of(
                "--treebeard.projector.kafka-bootstrap-servers=" + kafka.bootstrapServers(),
                "--treebeard.projector.redis.uri=" + redis.uri(),
                "--treebeard.projector.database.url=" + jdbc,
                "--treebeard.projector.database.user=" + user,
                "--treebeard.projector.database.password="));
        List<JavaService> apis = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            apis.add(JavaService.of("query-api-" + i, root, "query-api", runDir, List.of(
                    "--treebeard.query.redis.uri=" + redis.uri(),
                    // Two busy cores: a GC pause or a descheduled thread is not a Redis failure.
                    "--treebeard.query.redis.command-timeout=500ms",
                    "--treebeard.query.database.url=" + jdbc,
                    "--treebeard.query.database.user=" + user,
                    "--treebeard.query.database.password=",
                    "--treebeard.query.security.keys[0].name=chaos",
                    "--treebeard.query.security.keys[0].sha256=" + sha256(READ_KEY),
                    "--treebeard.query.security.keys[0].rights=read")));
        }
        Stack stack = new Stack(runDir, kafka, pg, redis, jdbc, ingest, recommender, projector, apis);
        try {
            // Ingest first: it creates the topics the others read.
            ingest.startAndAwait();
            recommender.process().start();
            projector.process().start();
            apis.forEach(a -> a.process().start());
            recommender.awaitReady();
            projector.awaitReady();
            apis.forEach(JavaService::awaitReady);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        LOG.info("stack up in {} s; logs under {}", (System.nanoTime() - t0) / 1_000_000_000, runDir);
        return stack;
    }

    DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(EmbeddedPostgresServer.SUPERUSER);
        ds.setConnectTimeout(3);
        ds.setSocketTimeout(30);
        return ds;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    List<String> queryUrls() {
        return queryApis.stream().map(JavaService::url).toList();
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the services (readers first), then the servers. */
    @Override
    public void close() {
        List<OsProcess> order = new ArrayList<>();
        queryApis.forEach(a -> order.add(a.process()));
        order.add(projector.process());
        order.add(recommender.process());
        order.add(ingest.process());
        for (OsProcess p : order) {
            p.stop(Duration.ofSeconds(15));
        }
        redis.close();
        kafka.process().stop(Duration.ofSeconds(20));
        postgres.close();
    }
}
