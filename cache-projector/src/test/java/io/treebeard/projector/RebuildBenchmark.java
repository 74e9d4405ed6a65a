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
 * Not a test: run it by hand (see docs/cache-projector.md), e.g. with 1,000,000 documents:
 * {@code java -cp <test classpath> io.treebeard.projector.RebuildBenchmark 1000000 6 5000 1,200}: the last argument lists
 * the keys per {@code VERSIONED_MSET} call to compare on the same loaded topic (1 = one {@code VERSIONED_SET} per key, the
 * live path's way).
 */
public final class RebuildBenchmark {

    private RebuildBenchmark() {
    }

    /** Arguments: documents (default 1,000,000), partitions (default 6), chunk (default 5,000), keys per script call (list). */
    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        String[] batches = (args.length > 3 ? args[3] : Integer.toString(RedisCache.DEFAULT_BULK_BATCH_KEYS)).split(",");
        try (LocalStack stack = LocalStack.start()) {
            String bootstrap = stack.kafka().bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicProvisioner(admin).ensure(Topics.ALL, partitions, (short) 1);
            }
            long loadStart = System.nanoTime();
            long bytes = 0;
            // Under heavy machine load sends can expire (delivery.timeout.ms): the rebuild then has fewer keys; say so.
            java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
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
                    producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS.name(), user, value), (metadata, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                    });
                }
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf(Locale.ROOT, "loaded %,d documents (avg %d bytes, %,d sends failed) in %.1f s%n", docs - failed.get(),
                    bytes / docs, failed.get(), loadSeconds);

            ProjectorMetrics metrics = new ProjectorMetrics(Clock.systemUTC());
            Projection projection = new Projection(Duration.ofHours(24));
            PlanCatalog catalog = new PlanCatalog();
            com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
            hikari.setJdbcUrl(stack.postgres().jdbcUrl(LocalStack.DATABASE));
            hikari.setUsername("postgres");
            try (com.zaxxer.hikari.HikariDataSource db = new com.zaxxer.hikari.HikariDataSource(hikari);
                    DeadLetters dlq = new DeadLetters(bootstrap, Clock.systemUTC())) {
                ReadModelWriter readModel = new ReadModelWriter(db);
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
                for (String batch : batches) {
                    int batchKeys = Integer.parseInt(batch.trim());
                    try (RedisCache cache = RedisCache.connect(stack.redis().uri(), Map.of(), Duration.ofSeconds(1), null, batchKeys)) {
                        RecordProjector projector = new RecordProjector(projection, cache, readModel, dlq, metrics);
                        Rebuilder rebuilder = new Rebuilder(cache, readModel, projection, catalog, projector,
                                new TopicReplay(bootstrap, chunk), metrics, 0, chunk);
                        rebuildTwice(stack, rebuilder, chunk, partitions, batchKeys, cache);
                    }
                }
            }
        }
    }

    /** Times two rebuilds into an emptied Redis (run 2 = warm JIT). */
    private static void rebuildTwice(LocalStack stack, Rebuilder rebuilder, int chunk, int partitions, int batchKeys, RedisCache cache)
            throws java.sql.SQLException {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(stack.redis().uri());
        try {
            // Optional server settings to compare, e.g. -Dbench.redis.config=hash-max-ziplist-value=1024 (name=value,...).
            for (String setting : System.getProperty("bench.redis.config", "").split(",")) {
                if (!setting.isBlank()) {
                    try (var c = client.connect()) {
                        String[] nameValue = setting.split("=", 2);
                        c.sync().configSet(nameValue[0].trim(), nameValue[1].trim());
                        System.out.printf(Locale.ROOT, "redis config %s = %s%n", nameValue[0].trim(), nameValue[1].trim());
                    }
                }
            }
            for (int run = 1; run <= 2; run++) {
                double redisCpuBefore;
                try (var c = client.connect()) {
                    c.sync().flushall();
                    c.sync().configResetstat();
                    redisCpuBefore = redisCpuSeconds(c.sync().info("cpu"));
                }
                long jvmCpuBefore = jvmCpuNanos();
                long start = System.nanoTime();
                long written = rebuilder.rebuild();
                double seconds = (System.nanoTime() - start) / 1e9;
                double jvmCpu = (jvmCpuNanos() - jvmCpuBefore) / 1e9;
                double redisCpu;
                String evalsha;
                try (var c = client.connect()) {
                    redisCpu = redisCpuSeconds(c.sync().info("cpu")) - redisCpuBefore;
                    evalsha = c.sync().info("commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha:")).findFirst().orElse("-");
                }
                System.out.printf(Locale.ROOT,
                        "rebuild run %d: %,d keys in %.2f s = %,.0f keys/s (chunk %d, %d partitions, %d keys per script call, %s)%n",
                        run, written, seconds, written / seconds, chunk, partitions, batchKeys, cache.grouping());
                // Where the time went: CPU per key of redis-server (its main thread runs the scripts) and of this JVM
                // (broker, replay, parse, Lettuce), and the script calls as Redis counted them.
                System.out.printf(Locale.ROOT, "  cpu per key: redis %.1f us, jvm %.1f us; load %s; %s%n", redisCpu * 1e6 / written,
                        jvmCpu * 1e6 / written, loadAverage(), evalsha.trim());
            }
        } finally {
            client.shutdown();
        }
    }

    private static double redisCpuSeconds(String info) {
        double total = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
