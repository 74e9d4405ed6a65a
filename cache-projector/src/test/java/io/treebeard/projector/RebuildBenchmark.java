package io.treebeard.projector;

import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.core.Projection;
import io.treebeard.projector.db.ReadModelWriter;
import io.treebeard.projector.kafka.DeadLetters;
import io.treebeard.projector.kafka.RecordProjector;
import io.treebeard.projector.kafka.TopicReplay;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.projector.rebuild.Rebuilder;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The rebuild rate: loads N recommendation documents into {@code treebeard.recommendations} on a fresh local stack,
 * then times a full cache rebuild into the empty Redis (topic replay, parse, version-guarded pipelined writes).
 * Not a test: run it by hand (see docs/projector-notes.md), e.g. with 1,000,000 documents:
 * {@code java -cp <test classpath> io.treebeard.projector.RebuildBenchmark 1000000 6}.
 */
public final class RebuildBenchmark {

    private RebuildBenchmark() {
    }

    /** Arguments: documents (default 1,000,000), partitions (default 6), chunk (default 5,000). */
    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        try (LocalStack stack = LocalStack.start()) {
            String bootstrap = stack.kafka().bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin).ensure(Topics.ALL, partitions, (short) 1);
            }
            long loadStart = System.nanoTime();
            long bytes = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                    ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < docs; i++) {
                    String user = "bench-" + i;
                    RecommendationDocument doc = Fixtures.doc(user, 1 + i % 7, "R-" + (i % 10));
                    byte[] value = Topics.RECOMMENDATIONS.valueSerde().serializer().serialize(null, doc);
                    bytes += value.length;
                    producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS.name(), user, value));
                }
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf(Locale.ROOT, "loaded %,d documents (avg %d bytes) in %.1f s%n", docs, bytes / docs, loadSeconds);

            ProjectorMetrics metrics = new ProjectorMetrics(Clock.systemUTC());
            Projection projection = new Projection(Duration.ofHours(24));
            PlanCatalog catalog = new PlanCatalog();
            com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
            hikari.setJdbcUrl(stack.postgres().jdbcUrl(LocalStack.DATABASE));
            hikari.setUsername("postgres");
            try (com.zaxxer.hikari.HikariDataSource db = new com.zaxxer.hikari.HikariDataSource(hikari);
                    RedisCache cache = RedisCache.connect(stack.redis().uri(), Map.of(), Duration.ofSeconds(1));
                    DeadLetters dlq = new DeadLetters(bootstrap, Clock.systemUTC())) {
                ReadModelWriter readModel = new ReadModelWriter(db);
                RecordProjector projector = new RecordProjector(projection, catalog, cache, readModel, dlq, metrics);
                Rebuilder rebuilder = new Rebuilder(cache, readModel, projection, catalog, projector, new TopicReplay(bootstrap, chunk),
                        metrics, 0, chunk);
                TopicReplay replay = new TopicReplay(bootstrap, chunk);
                for (int run = 1; run <= 2; run++) {
                    long start = System.nanoTime();
                    long[] n = {0};
                    try (TopicReplay.Session session = replay.open(Topics.RECOMMENDATIONS)) {
                        session.run(batch -> {
                            n[0] += batch.size();
                            return true;
                        });
                    }
                    double fetch = (System.nanoTime() - start) / 1e9;
                    start = System.nanoTime();
                    long[] m = {0};
                    try (TopicReplay.Session session = replay.open(Topics.RECOMMENDATIONS)) {
                        session.run(batch -> {
                            for (var r : batch) {
                                m[0] += io.treebeard.projector.core.DocumentHeader.read(r.value()).version() >= 0 ? 1 : 0;
                            }
                            return true;
                        });
                    }
                    double decide = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "phase run %d: replay only %,.0f records/s; replay + header parse %,.0f records/s%n",
                            run, n[0] / fetch, m[0] / decide);
                }
                for (int run = 1; run <= 2; run++) {
                    try (var c = io.lettuce.core.RedisClient.create(stack.redis().uri()).connect()) {
                        c.sync().flushall();
                    }
                    long start = System.nanoTime();
                    long written = rebuilder.rebuild();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "rebuild run %d: %,d keys in %.2f s = %,.0f keys/s (chunk %d, %d partitions)%n", run,
                            written, seconds, written / seconds, chunk, partitions);
                }
            }
        }
    }
}
