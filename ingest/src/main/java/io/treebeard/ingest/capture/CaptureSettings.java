package io.treebeard.ingest.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the change capture needs to run, independent of how it is configured (Spring, a CLI, a test).
 *
 * @param jdbcHost          Postgres host
 * @param jdbcPort          Postgres port
 * @param database          database name
 * @param user              a role with REPLICATION and SELECT on the source tables
 * @param password          its password (may be empty with trust authentication)
 * @param slotName          the logical replication slot; created when absent
 * @param publicationName   the publication; created (filtered to the three tables) when absent
 * @param bootstrapServers  Kafka
 * @param offsetTopic       the compacted topic holding the engine's offsets
 * @param topicPrefix       Debezium's logical server name, prefix of its internal names
 * @param heartbeatInterval heartbeats let the slot advance while the captured tables are idle
 * @param offsetFlushInterval how often processed offsets are committed
 * @param partitions        partitions of topics the capture creates
 * @param replicationFactor replication factor of topics the capture creates
 */
public record CaptureSettings(
        String jdbcHost,
        int jdbcPort,
        String database,
        String user,
        String password,
        String slotName,
        String publicationName,
        String bootstrapServers,
        String offsetTopic,
        String topicPrefix,
        Duration heartbeatInterval,
        Duration offsetFlushInterval,
        int partitions,
        short replicationFactor) {

    public CaptureSettings {
        Objects.requireNonNull(jdbcHost, "jdbcHost");
        Objects.requireNonNull(slotName, "slotName");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /** The engine's name: the namespace of its stored offsets. */
    String engineName() {
        return topicPrefix + "-capture";
    }

    /** A JDBC URL of the source database, for the capture's own checks of the replication slot. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + jdbcHost + ":" + jdbcPort + "/" + database;
    }

    /** The Debezium engine configuration. */
    Properties engineProperties() {
        Properties p = new Properties();
        p.setProperty("name", engineName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("database.hostname", jdbcHost);
        p.setProperty("database.port", Integer.toString(jdbcPort));
        p.setProperty("database.dbname", database);
        p.setProperty("database.user", user);
        p.setProperty("database.password", password == null ? "" : password);
        p.setProperty("topic.prefix", topicPrefix);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slotName);
        p.setProperty("publication.name", publicationName);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", String.join(",",
                ChangeMapper.PLANS_TABLE, ChangeMapper.PROFILES_TABLE, ChangeMapper.USAGE_TABLE));
        // initial: a snapshot exactly when no offset is stored. SlotGuard removes the offset when the slot cannot serve
        // it, which makes the snapshot happen; Debezium's when_needed would decide the same by itself (its Postgres check
        // is "slot missing or restart_lsn after the offset"), but the capture must know, to reconcile deletes.
        p.setProperty("snapshot.mode", "initial");
        // Deletes are mapped by ChangeMapper (a change and, for compacted topics, a tombstone of our own).
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("heartbeat.interval.ms", Long.toString(heartbeatInterval.toMillis()));
        p.setProperty("offset.flush.interval.ms", Long.toString(offsetFlushInterval.toMillis()));
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", offsetTopic);
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", Short.toString(replicationFactor));
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("max.batch.size", "4096");
        // The engine checks its queue every poll interval when it found it empty; the 500 ms default alone would use
        // the whole freshness budget (commit to API in 500 ms at p99). 20 ms costs a few idle wake-ups per second.
        p.setProperty("poll.interval.ms", "20");
        p.setProperty("max.queue.size", "16384");
        p.setProperty("errors.max.retries", "-1");
        return p;
    }
}
