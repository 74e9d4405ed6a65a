package io.treebeard.chaos;

import io.treebeard.audit.AuditReport;
import io.treebeard.audit.AuditScope;
import io.treebeard.audit.Auditor;
import io.treebeard.audit.Target;
import io.treebeard.schemas.cache.KeyType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier: waits until both consumer groups have no lag, then runs the audit (every user, plan, profile and
 * region, against Redis, the read model and the read API) until it finds no drift, or the time is up.
 */
final class Verdict implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Verdict.class);

    private final Stack stack;
    private final Admin admin;

    Verdict(Stack stack) {
        this.stack = stack;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        this.admin = Admin.create(p);
    }

    /** The outcome: clean or not, how long it took from the call, and the last audit. */
    record Result(boolean clean, Duration took, AuditReport lastAudit, int audits, String note) {
    }

    /** Every id of the suite, so that a deleted user or plan is checked (its documents must be gone) in any case. */
    static AuditScope scope() {
        List<String> users = Dataset.users();
        return AuditScope.everything().withTargets(EnumSet.of(Target.REDIS, Target.READ_MODEL, Target.API))
                .withExtraIds(Map.of(KeyType.RECOMMENDATION, users, KeyType.USAGE_ANALYSIS, users, KeyType.PROFILE, users,
                        KeyType.PLAN, Dataset.plans(), KeyType.CATALOG, Dataset.REGIONS));
    }

    Result awaitZeroDrift(Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        AuditReport last = null;
        int audits = 0;
        String note = "";
        long lastLog = started;
        while (System.nanoTime() < deadline) {
            try {
                long recommenderLag = lag(Stack.RECOMMENDER_GROUP);
                long projectorLag = lag(Stack.PROJECTOR_GROUP);
                if (recommenderLag + projectorLag == 0) {
                    try (Auditor auditor = new Auditor(stack.dataSource(), stack.redis.uri(), stack.queryApis.get(0).url(),
                            Stack.READ_KEY)) {
                        // The stores first (fast); the read API, one request per document, only once they are clean.
                        last = auditor.run(scope().withTargets(EnumSet.of(Target.REDIS, Target.READ_MODEL)));
                        audits++;
                        if (!last.hasDrift()) {
                            last = auditor.run(scope());
                            audits++;
                        }
                    }
                    if (!last.hasDrift()) {
                        return new Result(true, Duration.ofNanos(System.nanoTime() - started), last, audits, "");
                    }
                    note = "drift: " + last.summary();
                } else {
                    note = "lag: recommender " + recommenderLag + ", projector " + projectorLag;
                }
            } catch (RuntimeException e) {
                note = "verifier: " + e;
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(15)) {
                LOG.info("waiting for zero drift ({} s): {}", (System.nanoTime() - started) / 1_000_000_000, note);
                lastLog = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
        return new Result(false, Duration.ofNanos(System.nanoTime() - started), last, audits, note);
    }

    /** End offset minus committed offset over the group's partitions; 0 when it committed nothing yet. */
    long lag(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            Map<TopicPartition, Long> behind = new java.util.HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                if (e.getValue() != null && ends.get(e.getKey()).offset() > e.getValue().offset()) {
                    lag += ends.get(e.getKey()).offset() - e.getValue().offset();
                    behind.put(e.getKey(), e.getValue().offset());
                }
            }
            return lag == 0 || recordsAfter(behind) ? lag : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of " + group + ": " + e, e);
        }
    }

    /**
     * Whether any committed record follows the given offsets. A consumer that commits the offset after the last record
     * it processed (Spring Kafka's batch acknowledgement) stays one offset behind the end of a partition that a
     * transaction's commit marker closes: end minus committed is then 1 with nothing left to read.
     */
    private boolean recordsAfter(Map<TopicPartition, Long> offsets) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(offsets.keySet());
            offsets.forEach(consumer::seek);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(300)).isEmpty()) {
                    return true;
                }
                boolean atEnd = true;
                Map<TopicPartition, Long> ends = consumer.endOffsets(offsets.keySet());
                for (TopicPartition tp : offsets.keySet()) {
                    atEnd &= consumer.position(tp) >= ends.get(tp);
                }
                if (atEnd) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
