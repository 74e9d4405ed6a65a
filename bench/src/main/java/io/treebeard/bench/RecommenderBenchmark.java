package io.treebeard.bench;

import io.treebeard.recommender.StreamsRunner;
import io.treebeard.recommender.config.RecommenderConfig;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The recommender on the real broker, fed with canonical events directly (so the capture is not measured here).
 *
 * <ul>
 *   <li>{@code fanout [users=100000] [partitions=4] [threads=2]}: users of one region whose best plan changes price;
 *       reports the seconds from the plan change until every user's new document is committed on
 *       {@code treebeard.recommendations}.</li>
 *   <li>{@code usage [users=20000] [readingsPerUser=10] [partitions=4] [threads=2]}: a backlog of usage changes;
 *       reports the sustained usage changes per second processed (analysis and document published).</li>
 * </ul>
 */
public final class RecommenderBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final AtomicLong LSN = new AtomicLong(1_000);
    private static final byte[] VERSION_FIELD = "\"version\":".getBytes(StandardCharsets.UTF_8);

    private RecommenderBenchmark() {
    }

    /** One plan change reaching every user of a region. */
    public static void fanout(String[] args) throws Exception {
        int users = arg(args, 0, 100_000);
        int partitions = arg(args, 1, 4);
        int threads = arg(args, 2, 2);
        try (LocalStack stack = LocalStack.start();
             KafkaProducer<String, byte[]> producer = producer(stack)) {
            createTopics(stack, partitions);
            for (int p = 0; p < 5; p++) {
                send(producer, Topics.PLANS, "fan-" + p, planChange("fan-" + p, 0.10 + p / 100.0));
            }
            for (int u = 0; u < users; u++) {
                String id = "u-" + u;
                send(producer, Topics.PROFILES, id, new ProfileChange(ChangeOp.CREATE, id, null,
                        new UserProfile(id, "FAN", null, null, Preferences.NONE, NOW), position()));
                send(producer, Topics.USAGE, id, usage(id, LocalDate.of(2026, 10, 1), 20 + u % 30));
            }
            producer.flush();
            try (StreamsRunner runner = runner(stack, partitions, threads);
                 KafkaConsumer<String, byte[]> docs = versionConsumer(stack)) {
                runner.start();
                long loadStart = System.nanoTime();
                Map<String, Long> versions = new HashMap<>();
                awaitVersions(docs, versions, users, v -> v >= 2);
                System.out.printf(Locale.ROOT, "recommender.load users=%d seconds=%.1f%n", users, (System.nanoTime() - loadStart) / 1e9);

                Map<String, Long> before = new HashMap<>(versions);
                long start = System.nanoTime();
                send(producer, Topics.PLANS, "fan-0", planChange("fan-0", 0.09));
                producer.flush();
                awaitChanged(docs, versions, before, users);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "recommender.fanout users=%d partitions=%d threads=%d seconds=%.2f docs_per_s=%.0f%n",
                        users, partitions, threads, seconds, users / seconds);
            }
        }
    }

    /** A backlog of usage changes processed as fast as the topology can. */
    public static void usage(String[] args) throws Exception {
        int users = arg(args, 0, 20_000);
        int perUser = arg(args, 1, 10);
        int partitions = arg(args, 2, 4);
        int threads = arg(args, 3, 2);
        try (LocalStack stack = LocalStack.start();
             KafkaProducer<String, byte[]> producer = producer(stack)) {
            createTopics(stack, partitions);
            for (int p = 0; p < 10; p++) {
                send(producer, Topics.PLANS, "pl-" + p, planChange("pl-" + p, 0.10 + p / 100.0));
            }
            for (int u = 0; u < users; u++) {
                String id = "u-" + u;
                send(producer, Topics.PROFILES, id, new ProfileChange(ChangeOp.CREATE, id, null,
                        new UserProfile(id, "FAN", null, null, Preferences.NONE, NOW), position()));
            }
            for (int d = 0; d < perUser; d++) {
                for (int u = 0; u < users; u++) {
                    send(producer, Topics.USAGE, "u-" + u, usage("u-" + u, LocalDate.of(2026, 1, 1).plusDays(d * 7L), 10 + (u + d) % 40));
                }
            }
            producer.flush();
            long changes = (long) users * perUser;
            try (StreamsRunner runner = runner(stack, partitions, threads);
                 KafkaConsumer<String, UsageAnalysis> analyses = consumer(stack, Topics.USAGE_ANALYSIS)) {
                long start = System.nanoTime();
                runner.start();
                long seen = 0;
                Map<String, Long> versions = new HashMap<>();
                while (versions.size() < users || versions.values().stream().anyMatch(v -> v < perUser)) {
                    for (ConsumerRecord<String, UsageAnalysis> r : analyses.poll(Duration.ofMillis(200))) {
                        versions.merge(r.key(), r.value().version(), Math::max);
                        seen++;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT,
                        "recommender.usage changes=%d users=%d partitions=%d threads=%d seconds=%.1f changes_per_s=%.0f analyses_seen=%d%n",
                        changes, users, partitions, threads, seconds, changes / seconds, seen);
            }
        }
    }

    private static void awaitVersions(KafkaConsumer<String, byte[]> docs, Map<String, Long> versions, int users,
            java.util.function.LongPredicate done) {
        while (versions.size() < users || !versions.values().stream().allMatch(done::test)) {
            for (ConsumerRecord<String, byte[]> r : docs.poll(Duration.ofMillis(100))) {
                versions.merge(r.key(), version(r.value()), Math::max);
            }
        }
    }

    private static void awaitChanged(KafkaConsumer<String, byte[]> docs, Map<String, Long> versions, Map<String, Long> before,
            int users) {
        int changed = 0;
        while (changed < users) {
            for (ConsumerRecord<String, byte[]> r : docs.poll(Duration.ofMillis(20))) {
                long version = version(r.value());
                Long old = before.get(r.key());
                if (old != null && version > old && versions.get(r.key()) <= old) {
                    changed++;
                }
                versions.merge(r.key(), version, Math::max);
            }
        }
    }

    /**
     * The measuring consumer shares the two cores with the recommender and the broker, so it reads only the top-level
     * {@code "version"} of each document (no other field of the document is named so) instead of binding the whole
     * JSON document, which would cost the recommender CPU time it is being timed on.
     */
    static long version(byte[] json) {
        byte[] field = VERSION_FIELD;
        outer:
        for (int i = 0; i + field.length < json.length; i++) {
            for (int k = 0; k < field.length; k++) {
                if (json[i + k] != field[k]) {
                    continue outer;
                }
            }
            int p = i + field.length;
            while (json[p] == ' ') {
                p++;
            }
            long version = 0;
            while (p < json.length && json[p] >= '0' && json[p] <= '9') {
                version = version * 10 + (json[p++] - '0');
            }
            return version;
        }
        throw new IllegalArgumentException("document without a version");
    }

    private static KafkaConsumer<String, byte[]> versionConsumer(LocalStack stack) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.RECOMMENDATIONS.name()));
        return consumer;
    }

    private static StreamsRunner runner(LocalStack stack, int partitions, int threads) throws Exception {
        RecommenderConfig config = new RecommenderConfig(stack.kafka().bootstrapServers(), "bench-" + UUID.randomUUID(),
                Files.createTempDirectory("bench-streams").toString(), threads, 0, Duration.ofMillis(100), partitions, (short) 1,
                Duration.ZERO);
        return new StreamsRunner(config, new RecommenderMetrics());
    }

    private static void createTopics(LocalStack stack, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.ALL, partitions, (short) 1);
        }
    }

    private static KafkaProducer<String, byte[]> producer(LocalStack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                // A loader writing into freshly created topics: one batch in flight avoids retried-batch reordering.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer());
    }

    private static <V> KafkaConsumer<String, V> consumer(LocalStack stack, Topic<String, V> topic) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private static SourcePosition position() {
        return new SourcePosition(LSN.incrementAndGet(), null, NOW, false);
    }

    private static PlanChange planChange(String planId, double rate) {
        Plan plan = new Plan(planId, "Bench", planId, List.of("FAN"), true,
                new RateStructure(4.95, new RateStructure.Flat(rate), List.of(), null), BigDecimal.TEN, 0, BigDecimal.ZERO, NOW);
        return new PlanChange(ChangeOp.UPDATE, planId, null, plan, position());
    }

    private static UsageChange usage(String userId, LocalDate date, int kwh) {
        return new UsageChange(ChangeOp.CREATE, userId, date, new UsageReading(userId, date, BigDecimal.valueOf(kwh), null),
                position());
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
