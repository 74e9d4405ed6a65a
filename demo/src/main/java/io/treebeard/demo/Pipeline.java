package io.treebeard.demo;

import io.treebeard.ingest.IngestApplication;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.projector.ProjectorApplication;
import io.treebeard.projector.config.ProjectorConfig;
import io.treebeard.query.QueryApplication;
import io.treebeard.recommender.RecommenderStreamsApplication;
import io.treebeard.recommender.config.RecommenderConfig;
import io.treebeard.service.TreeBeardApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The four services of TreeBeard started in this JVM against {@link Servers}, each on a free port: what the run
 * command and the end-to-end test run. {@link #close()} stops them in reverse order and drops the replication slot,
 * so nothing is left behind on an external database either.
 */
public final class Pipeline implements AutoCloseable {

    /** The demo's write key (a real deployment configures its own keys, by SHA-256). */
    public static final String DEV_KEY = "treebeard-dev-key";

    /** The Authorization header of {@link #DEV_KEY}, which both APIs of the demo accept. */
    public static final String DEV_AUTHORIZATION = "Bearer " + DEV_KEY;
    /** The replication slot of the demo's change capture; dropped on close. */
    public static final String SLOT = "treebeard_demo";

    /** Auto-configurations the services without a Spring datasource exclude (they build their own pools). */
    public static final String NO_DATABASE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

    private static final String TOMCAT_REACTIVE_MANAGEMENT =
            "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

    private final Servers servers;
    private final Path stateDir;
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    private Pipeline(Servers servers, Path stateDir) {
        this.servers = servers;
        this.stateDir = stateDir;
    }

    /** Starts ingest, recommender-streams, cache-projector and query-api, in pipeline order, each on a free port. */
    public static Pipeline start(Servers servers, boolean quiet) {
        return start(servers, quiet, true);
    }

    /**
     * Starts the pipeline, with or without query-api in this JVM (the benchmark suite runs the read API in its own JVM,
     * as a deployment would, so the pipeline's garbage collections do not show up in the API's latency).
     */
    public static Pipeline start(Servers servers, boolean quiet, boolean withQueryApi) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("treebeard-demo-streams");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pipeline pipeline = new Pipeline(servers, stateDir);
        try {
            pipeline.startServices(quiet, withQueryApi);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startServices(boolean quiet, boolean withQueryApi) {
        say(quiet, "Starting ingest (write API + change capture)...");
        apps.add(TreeBeardApplication.create(IngestApplication.class).run(common(
                // The services share this JVM's classpath, hence one application.yml: name each one here.
                "--spring.application.name=ingest",
                "--spring.main.web-application-type=servlet",
                "--treebeard.ingest.capture.database-url=" + servers.jdbcUrl(),
                "--spring.datasource.url=" + servers.jdbcUrl(),
                "--spring.datasource.username=" + servers.user(),
                "--spring.datasource.password=" + servers.password(),
                "--spring.flyway.user=" + servers.user(),
                "--spring.flyway.password=" + servers.password(),
                "--treebeard.ingest.kafka-bootstrap-servers=" + servers.kafka(),
                "--treebeard.ingest.capture.user=" + servers.user(),
                "--treebeard.ingest.capture.password=" + servers.password(),
                "--treebeard.ingest.capture.slot-name=" + SLOT,
                "--treebeard.ingest.api.keys[0].name=demo",
                "--treebeard.ingest.api.keys[0].sha256=" + ApiKeys.sha256(DEV_KEY),
                "--treebeard.ingest.api.keys[0].rights=read,write")));
        say(quiet, "Starting recommender-streams...");
        apps.add(TreeBeardApplication.create(RecommenderStreamsApplication.class).run(common(
                "--spring.application.name=recommender-streams",
                "--spring.main.web-application-type=servlet",
                "--spring.autoconfigure.exclude=" + NO_DATABASE,
                "--treebeard.recommender.bootstrap-servers=" + servers.kafka(),
                "--treebeard.recommender.state-dir=" + stateDir)));
        say(quiet, "Starting cache-projector...");
        apps.add(TreeBeardApplication.create(ProjectorApplication.class).run(common(
                "--spring.application.name=cache-projector",
                "--spring.main.web-application-type=servlet",
                "--spring.autoconfigure.exclude=" + NO_DATABASE,
                "--treebeard.projector.kafka-bootstrap-servers=" + servers.kafka(),
                "--treebeard.projector.redis.uri=" + servers.redis(),
                "--treebeard.projector.database.url=" + servers.jdbcUrl(),
                "--treebeard.projector.database.user=" + servers.user(),
                "--treebeard.projector.database.password=" + servers.password())));
        if (!withQueryApi) {
            return;
        }
        say(quiet, "Starting query-api...");
        List<String> query = new ArrayList<>(List.of("--spring.main.web-application-type=reactive",
                // This JVM holds every service's classpath, Tomcat included: the reactive query-api's management
                // server must be Netty's only (a deployed query-api has no Tomcat at all).
                "--spring.autoconfigure.exclude=" + NO_DATABASE + "," + TOMCAT_REACTIVE_MANAGEMENT));
        query.addAll(queryApiArguments(servers));
        // The console's pipeline page: query-api scrapes the other services' Prometheus endpoints (docs/operations.md).
        query.addAll(List.of("--treebeard.query.console.scrape.ingest=" + managementUrl(0) + "/actuator/prometheus",
                "--treebeard.query.console.scrape.recommender-streams=" + managementUrl(1) + "/actuator/prometheus",
                "--treebeard.query.console.scrape.cache-projector=" + managementUrl(2) + "/actuator/prometheus",
                // Everything shares a few cores: a scrape that waits for a busy core is not a service down.
                "--treebeard.query.console.scrape-timeout=3s"));
        apps.add(TreeBeardApplication.create(QueryApplication.class).run(common(query.toArray(String[]::new))));
    }

    /** The settings query-api needs to read from {@code servers} (what a separate query-api process is given too). */
    public static List<String> queryApiArguments(Servers servers) {
        return List.of("--spring.application.name=query-api",
                "--treebeard.query.redis.uri=" + servers.redis(),
                // Everything shares a few cores: a GC pause or a busy core is not a Redis failure.
                "--treebeard.query.redis.command-timeout=500ms",
                "--treebeard.query.redis.slow-call-threshold=250ms",
                "--treebeard.query.database.url=" + servers.jdbcUrl(),
                "--treebeard.query.database.user=" + servers.user(),
                "--treebeard.query.database.password=" + servers.password(),
                // The demo's dev key, configured explicitly: query-api has no open mode.
                "--treebeard.query.security.keys[0].name=demo",
                "--treebeard.query.security.keys[0].sha256=" + ApiKeys.sha256(DEV_KEY),
                "--treebeard.query.security.keys[0].rights=read,admin");
    }

    /** Base URL of the read API. */
    public String queryUrl() {
        if (apps.size() < 4) {
            throw new IllegalStateException("query-api was not started in this pipeline");
        }
        return url(3);
    }

    /** Base URL of the cache projector's management endpoints (actuator, on its management port). */
    public String projectorUrl() {
        return managementUrl(2);
    }

    /** The recommender's Kafka Streams application id (its consumer group). */
    public String recommenderApplicationId() {
        return apps.get(1).getBean(RecommenderConfig.class).applicationId();
    }

    /** The cache projector's consumer group. */
    public String projectorGroupId() {
        return apps.get(2).getBean(ProjectorConfig.class).groupId();
    }

    /** Base URL of the write API. */
    public String ingestUrl() {
        return url(0);
    }

    /** Base URL of the recommender's management endpoints (actuator, on its management port). */
    public String recommenderUrl() {
        return managementUrl(1);
    }

    /** Base URL of the write API's management endpoints (actuator, on its management port). */
    public String ingestManagementUrl() {
        return managementUrl(0);
    }

    /** Base URL of the read API's management endpoints (actuator, on its management port). */
    public String queryManagementUrl() {
        queryUrl();
        return managementUrl(3);
    }

    private String url(int app) {
        return "http://localhost:" + apps.get(app).getEnvironment().getProperty("local.server.port");
    }

    private String managementUrl(int app) {
        return "http://localhost:" + apps.get(app).getEnvironment().getProperty("local.management.port");
    }

    /** Stops the services (query-api first, ingest last), drops the replication slot, deletes the Streams state. */
    @Override
    public void close() {
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close();
        }
        apps.clear();
        if (servers.externalPostgres()) {
            // An embedded database goes away with its slot; an external one would keep the slot and hold its WAL.
            dropSlot();
        }
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[treebeard] could not delete " + stateDir + ": " + e);
        }
    }

    private void dropSlot() {
        try (Connection c = DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password());
                PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE slot_name = ? AND NOT active")) {
            drop.setString(1, SLOT);
            drop.execute();
        } catch (SQLException e) {
            System.err.println("[treebeard] could not drop replication slot " + SLOT + ": " + e.getMessage());
        }
    }

    /** System property naming the log file of the quiet run command; when set, every service logs there only. */
    public static final String LOG_FILE_PROPERTY = "treebeard.log.file";
    /** The logback configuration of the quiet run command. */
    public static final String QUIET_LOGBACK = "treebeard-demo-logback.xml";

    private static String[] common(String... args) {
        // The services share one classpath, so only one module's application.yml is seen: every key a service needs
        // is passed here. No Spring shutdown hook per service: close() stops them in order, before the servers, on Ctrl-C too. With a
        // hook each, the contexts would close concurrently with the servers and a service could outlive its broker.
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.register-shutdown-hook=false",
                // The demo's throw-away servers have well-known passwords (SecretCheck refuses them anywhere else).
                "--treebeard.secrets.allow-placeholders=true",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN", "--logging.level.io.treebeard=INFO"));
        if (System.getProperty(LOG_FILE_PROPERTY) != null) {
            // Spring Boot re-initialises logging per service: it keeps to the quiet run command's file configuration.
            all.add("--logging.config=classpath:" + QUIET_LOGBACK);
        }
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static void say(boolean quiet, String message) {
        if (!quiet) {
            System.out.println("[treebeard] " + message);
        }
    }
}
