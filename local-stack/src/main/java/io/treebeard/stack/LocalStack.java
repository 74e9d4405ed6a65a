package io.treebeard.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three real servers TreeBeard needs, started together on free ports, each with its own state directory under a
 * fresh run directory, and stopped together. Closing the stack stops the servers and deletes the run directory.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start()) {
 *     String bootstrap = stack.kafka().bootstrapServers();
 *     String jdbcUrl = stack.postgres().jdbcUrl(LocalStack.DATABASE);
 *     String redis = stack.redis().uri();
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    /** The database the stack creates and migrates for TreeBeard. */
    public static final String DATABASE = "treebeard";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Path runDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;

    private LocalStack(Path runDir, EmbeddedKafka kafka, EmbeddedPostgresServer postgres, EmbeddedRedisServer redis) {
        this.runDir = runDir;
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
    }

    /** Starts the stack in a fresh temporary run directory, and creates and migrates {@link #DATABASE}. */
    public static LocalStack start() {
        try {
            return start(Files.createTempDirectory("treebeard-stack-"));
        } catch (IOException e) {
            throw new StackException("Cannot create a run directory", e);
        }
    }

    /** Starts the stack with its state under {@code runDir}, which must be empty or absent. */
    public static LocalStack start(Path runDir) {
        long started = System.nanoTime();
        // The three servers start concurrently: Postgres's initdb and Kafka's format dominate and do not contend.
        CompletableFuture<EmbeddedPostgresServer> pg =
                CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(runDir.resolve("postgres")));
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(runDir.resolve("kafka")));
        CompletableFuture<EmbeddedRedisServer> redis = CompletableFuture.supplyAsync(EmbeddedRedisServer::start);
        try {
            LocalStack stack = new LocalStack(runDir, kafka.join(), pg.join(), redis.join());
            stack.postgres.createDatabase(DATABASE);
            Migrations.migrate(stack.postgres.dataSource(DATABASE));
            LOG.info("Local stack ready in {} ms: kafka={} postgres={} redis={}", (System.nanoTime() - started) / 1_000_000,
                    stack.kafka.bootstrapServers(), stack.postgres.jdbcUrl(DATABASE), stack.redis.uri());
            return stack;
        } catch (CompletionException | StackException e) {
            closeStarted(pg, kafka, redis);
            deleteRecursively(runDir);
            throw e instanceof CompletionException && e.getCause() instanceof StackException se ? se
                    : new StackException("Local stack did not start", e);
        }
    }

    private static void closeStarted(CompletableFuture<?>... servers) {
        for (CompletableFuture<?> server : servers) {
            server.thenAccept(s -> {
                try {
                    ((AutoCloseable) s).close();
                } catch (Exception e) {
                    LOG.warn("Could not stop {}", s, e);
                }
            });
        }
    }

    /** The Kafka broker. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The PostgreSQL server. */
    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** The Redis server. */
    public EmbeddedRedisServer redis() {
        return redis;
    }

    /** The run directory holding every server's state. */
    public Path runDir() {
        return runDir;
    }

    /** Stops Redis, Postgres and Kafka (in that order: the reverse of the pipeline), then deletes the run directory. */
    @Override
    public void close() {
        redis.close();
        postgres.close();
        kafka.close();
        deleteRecursively(runDir);
        LOG.info("Local stack stopped");
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}", dir, e);
        }
    }
}
