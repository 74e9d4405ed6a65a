package io.treebeard.demo;

import io.treebeard.stack.EmbeddedKafka;
import io.treebeard.stack.EmbeddedPostgresServer;
import io.treebeard.stack.EmbeddedRedisServer;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka, PostgreSQL and Redis for the run command: each one external when configured, else a real embedded server on a
 * free port. Embedded servers are stopped and their state deleted on {@link #close()}.
 */
public final class Servers implements AutoCloseable {

    private final List<AutoCloseable> embedded = new ArrayList<>();
    private final Path runDir;
    private String kafka;
    private String jdbcUrl;
    private String user;
    private String password;
    private String redis;

    private Servers(Path runDir) {
        this.runDir = runDir;
    }

    /** Starts what is not external. The embedded database is created and migrated here; an external one by ingest. */
    public static Servers start(DemoOptions options) {
        Servers servers;
        try {
            servers = new Servers(Files.createTempDirectory("treebeard-demo-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a run directory", e);
        }
        try {
            servers.startAll(options);
            return servers;
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    private void startAll(DemoOptions options) {
        kafka = options.kafka().orElseGet(() -> keep(EmbeddedKafka.start(runDir.resolve("kafka"))).bootstrapServers());
        if (options.postgresUrl().isPresent()) {
            jdbcUrl = options.postgresUrl().get();
            user = options.postgresUser();
            password = options.postgresPassword();
        } else {
            EmbeddedPostgresServer pg = keep(EmbeddedPostgresServer.start(runDir.resolve("postgres")));
            pg.createDatabase(LocalStack.DATABASE);
            Migrations.migrate(pg.dataSource(LocalStack.DATABASE));
            jdbcUrl = pg.jdbcUrl(LocalStack.DATABASE);
            user = EmbeddedPostgresServer.SUPERUSER;
            password = "";
        }
        redis = options.redis().orElseGet(() -> keep(EmbeddedRedisServer.start()).uri());
    }

    private <T extends AutoCloseable> T keep(T server) {
        embedded.add(server);
        return server;
    }

    /** Kafka bootstrap servers. */
    public String kafka() {
        return kafka;
    }

    /** JDBC URL of the TreeBeard database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** A role that owns (or may migrate) the database. */
    public String user() {
        return user;
    }

    /** Its password. */
    public String password() {
        return password;
    }

    /** Whether PostgreSQL is external (its replication slot must then be dropped explicitly). */
    public boolean externalPostgres() {
        return embedded.stream().noneMatch(EmbeddedPostgresServer.class::isInstance);
    }

    /** The embedded Redis server, to stop and restart it (benchmarks of the degraded path); empty when external. */
    public java.util.Optional<EmbeddedRedisServer> embeddedRedis() {
        return embedded.stream().filter(EmbeddedRedisServer.class::isInstance).map(EmbeddedRedisServer.class::cast).findFirst();
    }

    /** Redis URI. */
    public String redis() {
        return redis;
    }

    /** Stops the embedded servers (Redis, Postgres, Kafka: the reverse of the pipeline) and deletes their state. */
    @Override
    public void close() {
        for (int i = embedded.size() - 1; i >= 0; i--) {
            try {
                embedded.get(i).close();
            } catch (Exception e) {
                System.err.println("[treebeard] could not stop " + embedded.get(i) + ": " + e);
            }
        }
        try (var paths = Files.walk(runDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[treebeard] could not delete " + runDir + ": " + e);
        }
    }
}
