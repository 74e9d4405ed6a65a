package io.treebeard.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the binaries zonky ships through Maven) with logical replication enabled, so that the
 * change capture can stream it with pgoutput. Connections use the {@code postgres} superuser over localhost (trust).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser the server is initialised with. */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private EmbeddedPostgresServer(Path dataDir, int port, EmbeddedPostgres server) {
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
    }

    /** Initialises a fresh cluster in {@code dataDir} and starts it on a free port. */
    public static EmbeddedPostgresServer start(Path dataDir) {
        int port = FreePorts.next();
        return new EmbeddedPostgresServer(dataDir, port, startServer(dataDir, port));
    }

    private static EmbeddedPostgres startServer(Path dataDir, int port) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // The stack owns and deletes the run directory; zonky must not race it.
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    // fsync off keeps throw-away servers fast; synchronous_commit stays on (PostgreSQL's default, what
                    // a deployment runs): logical decoding only sends WAL that is flushed, and with asynchronous commit
                    // the WAL writer flushes every wal_writer_delay (200 ms), which added 100-200 ms to every change's
                    // capture (measured: commit to Kafka p50 224 ms on an idle demo, single-row writes).
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            LOG.info("PostgreSQL ready on port {} in {} ms", port, (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new StackException("PostgreSQL did not start in " + dataDir, e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** A JDBC URL for {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** An unpooled data source for {@code database}, connecting as the superuser. */
    public DataSource dataSource(String database) {
        return running().getDatabase(SUPERUSER, database);
    }

    /** Creates an empty database (the name must be a plain lowercase identifier). */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new StackException("Cannot create database " + database, e);
        }
    }

    /** Stops the server, keeping its data, as an outage would. */
    public synchronized void stop() {
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
    }

    /** Starts the server again on the same port with the same data. */
    public synchronized void restart() {
        if (server == null) {
            server = startServer(dataDir, port);
        }
    }

    private synchronized EmbeddedPostgres running() {
        if (server == null) {
            throw new StackException("PostgreSQL is stopped");
        }
        return server;
    }

    @Override
    public synchronized void close() {
        stop();
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
