package io.treebeard.stack;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server (6.2, the binary the embedded-redis artifact ships) on a free port, without persistence. It can
 * be stopped and started again on the same port, to test how the pipeline behaves while Redis is away.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    /** Starts tried when the binary is busy (see {@link #restart()}). */
    private static final int START_ATTEMPTS = 5;

    private final int port;
    private RedisServer server;

    private EmbeddedRedisServer(int port) {
        this.port = port;
    }

    /** Starts a server on a free port. */
    public static EmbeddedRedisServer start() {
        EmbeddedRedisServer redis = new EmbeddedRedisServer(FreePorts.next());
        redis.restart();
        return redis;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** A Lettuce-style URI of the server. */
    public String uri() {
        return "redis://localhost:" + port;
    }

    /** Starts the server if it is stopped (empty: nothing is persisted). */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                RedisServer s = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("maxmemory-policy noeviction")
                        .build();
                s.start();
                server = s;
                LOG.info("Redis ready at {}", uri());
                return;
            } catch (IOException e) {
                // embedded-redis writes its binary to a temp file, then executes it. A process forked meanwhile by
                // another thread (PostgreSQL and Kafka start in parallel) inherits the still-open write descriptor
                // for an instant, and exec fails with ETXTBSY (JDK-8068370): that alone is worth another attempt.
                if (attempt >= START_ATTEMPTS || !textFileBusy(e)) {
                    throw new StackException("Redis did not start on port " + port, e);
                }
                LOG.warn("Redis binary busy at start (attempt {} of {}), trying again", attempt, START_ATTEMPTS, e);
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50L * attempt));
            }
        }
    }

    private static boolean textFileBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Text file busy")) {
                return true;
            }
        }
        return false;
    }

    /** Stops the server; what it held is lost, as in a real crash without persistence. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("Redis did not stop cleanly", e);
        } finally {
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
