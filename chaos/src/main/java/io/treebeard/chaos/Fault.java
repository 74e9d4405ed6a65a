package io.treebeard.chaos;

import java.time.Duration;
import java.util.Random;

/** The faults of the suite. Each one is injected under load at a random moment and undone after a random pause. */
enum Fault {
    INGEST_KILL("kill -9 of ingest (mid-batch: while a write API request is in flight)"),
    RECOMMENDER_KILL("kill -9 of recommender-streams (mid-commit: 100 ms exactly-once commit interval under load)"),
    PROJECTOR_KILL("kill -9 of cache-projector (mid-batch, under load)"),
    QUERY_API_KILL("kill -9 of one of the two query-api replicas"),
    REDIS_KILL("kill -9 of Redis (restarted empty)"),
    REDIS_FLUSHALL("FLUSHALL of Redis"),
    REDIS_UNREACHABLE("Redis unreachable (SIGSTOP, then SIGCONT)"),
    POSTGRES_RESTART("PostgreSQL restart (fast shutdown, start on the same port and data directory)"),
    KAFKA_RESTART("Kafka broker restart (kill -9, start on the same port and log directory)");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** Whether reads must see no error at all while the fault lasts (Redis down: BYPASS answers). */
    boolean readsMustNotFail() {
        return this == REDIS_KILL || this == REDIS_UNREACHABLE;
    }

    /** How long the part stays down. */
    Duration outage(Random random, double scale) {
        return switch (this) {
            case REDIS_FLUSHALL -> Duration.ZERO;
            case REDIS_UNREACHABLE -> Duration.ofMillis((long) (30_000 * Math.min(1.0, Math.max(0.2, scale))));
            default -> Duration.ofMillis(2_000 + random.nextInt(6_000));
        };
    }

    /** Injects the fault. */
    void inject(Stack stack, Load load) {
        switch (this) {
            case INGEST_KILL -> {
                load.awaitApiWriteInFlight(Duration.ofSeconds(3));
                stack.ingest.process().kill9();
            }
            case RECOMMENDER_KILL -> stack.recommender.process().kill9();
            case PROJECTOR_KILL -> stack.projector.process().kill9();
            case QUERY_API_KILL -> stack.queryApis.get(0).process().kill9();
            case REDIS_KILL -> stack.redis.kill9();
            case REDIS_FLUSHALL -> stack.redis.flushAll();
            case REDIS_UNREACHABLE -> stack.redis.freeze();
            case POSTGRES_RESTART -> stack.postgres.stop();
            case KAFKA_RESTART -> stack.kafka.kill9();
            default -> throw new IllegalStateException();
        }
    }

    private static void awaitGone(java.nio.file.Path file) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (java.nio.file.Files.exists(file) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    /** Undoes it: the part is started again (same port, same data) and ready when this returns. */
    void recover(Stack stack) {
        switch (this) {
            case INGEST_KILL -> stack.ingest.startAndAwait();
            case RECOMMENDER_KILL -> stack.recommender.startAndAwait();
            case PROJECTOR_KILL -> stack.projector.startAndAwait();
            case QUERY_API_KILL -> stack.queryApis.get(0).startAndAwait();
            case REDIS_KILL -> stack.redis.restart();
            case REDIS_FLUSHALL -> {
            }
            case REDIS_UNREACHABLE -> stack.redis.thaw();
            case POSTGRES_RESTART -> {
                // pg_ctl stop gives up after 5 s while a WAL sender drains; the postmaster goes on shutting down.
                awaitGone(stack.runDir.resolve("postgres").resolve("postmaster.pid"));
                stack.postgres.restart();
            }
            case KAFKA_RESTART -> stack.kafka.restart();
            default -> throw new IllegalStateException();
        }
    }
}
