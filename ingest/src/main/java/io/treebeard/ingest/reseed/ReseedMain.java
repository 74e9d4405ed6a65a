package io.treebeard.ingest.reseed;

import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs a {@link UsageReseed} from the command line (docs/operations.md, "Resetting the recommender").
 *
 * <p>Arguments: {@code jdbcUrl user password bootstrapServers}. Prints what it published.
 */
public final class ReseedMain {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ReseedMain() {
    }

    /** Reseeds once and exits. */
    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: ReseedMain jdbcUrl user password bootstrapServers");
        }
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setUrl(args[0]);
        db.setUser(args[1]);
        db.setPassword(args[2]);
        UsageReseed.Result result = reseed(db, args[3]);
        System.out.println("Published a resync at LSN " + result.lsn() + " for " + result.users() + " users ("
                + result.readings() + " readings) and " + result.reconciled() + " users without readings");
    }

    /** Reads the published users from {@code bootstrapServers}, then reseeds from {@code db}. */
    public static UsageReseed.Result reseed(javax.sql.DataSource db, String bootstrapServers) {
        Set<String> known;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            known = PublishedUsers.read(consumer, TIMEOUT);
        }
        try (KafkaProducer<String, UsageChange> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, "treebeard-reseed"),
                Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer())) {
            return new UsageReseed(db, producer, Clock.systemUTC(), TIMEOUT).run(known);
        }
    }
}
