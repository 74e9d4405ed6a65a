package io.treebeard.projector.kafka;

import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.core.PoisonRecordException;
import io.treebeard.projector.core.RedisWrite;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.projector.redis.CacheUnavailableException;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.projector.redis.WriteOutcome;
import io.treebeard.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of {@code treebeard.plans} (assignment, no consumer group), keeps the {@link PlanCatalog}
 * and writes the regional catalogs a change touches.
 *
 * <p>Why not the group's listener: a regional catalog is computed from plans of every partition, but a group member
 * only receives some partitions, and several listener threads or projector instances would each hold part of the
 * catalog. Every instance follows the whole topic instead; the position guard of {@code CATALOG_SET} makes their
 * writes agree (a write from an instance that is behind on any partition does not land). The plan keys and dead
 * letters stay with the group's listener, so each happens once per group.
 *
 * <p>Catalogs are not written while the topic is being replayed up to the end offsets taken at the start: a compacted
 * topic replayed part way is not the catalog at that position. Once caught up, every region is written once, then the
 * regions each batch touches. When Redis fails, the regions stay pending and are written after the next poll.
 */
public final class CatalogFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final PlanCatalog catalog;
    private final RedisCache cache;
    private final ProjectorMetrics metrics;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Set<String> pending = new TreeSet<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closing;
    private Thread thread;

    /** A follower of {@code treebeard.plans} on {@code bootstrapServers}, writing through {@code cache}. */
    public CatalogFollower(String bootstrapServers, PlanCatalog catalog, RedisCache cache, ProjectorMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.catalog = catalog;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** Starts following on its own thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "treebeard-catalog-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the replay reached the end offsets taken at the start; false when {@code timeout} passed first. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (!closing) {
            try {
                follow();
            } catch (WakeupException e) {
                if (!closing) {
                    LOG.error("Catalog follower woken up unexpectedly; following again from the beginning", e);
                }
            } catch (RuntimeException e) {
                LOG.error("Catalog follower failed; following again from the beginning in 1 s", e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** One pass: replay from the beginning into an emptied catalog, then follow until closed or failed. */
    private void follow() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "treebeard-projector-catalog-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (closing) {
                return;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(Topics.PLANS.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
            catalog.clear();
            pending.clear();
            boolean replaying = true;
            long started = System.nanoTime();
            while (!closing) {
                Set<String> touched = apply(c.poll(POLL), partitions, c);
                if (replaying) {
                    if (!reached(c, end)) {
                        continue;
                    }
                    replaying = false;
                    LOG.info("Plan catalog loaded: {} plans in {} regions, in {} ms", catalog.size(), catalog.regions().size(),
                            (System.nanoTime() - started) / 1_000_000);
                    pending.addAll(catalog.regions());
                    caughtUp.countDown();
                } else {
                    pending.addAll(touched);
                }
                writePending();
            }
        }
    }

    private void pause(Duration duration) {
        try {
            // Back-off between attempts; ends at once when the follower is closed.
            closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private Set<String> apply(ConsumerRecords<String, byte[]> polled, List<TopicPartition> partitions,
            KafkaConsumer<String, byte[]> c) {
        Set<String> touched = new TreeSet<>();
        // One lock for the batch and the position it ends at, so a concurrent snapshot never pairs new content with an
        // older position.
        synchronized (catalog) {
            for (ConsumerRecord<String, byte[]> r : polled) {
                if (r.key() == null) {
                    continue;
                }
                try {
                    touched.addAll(catalog.apply(r.key(), r.value() == null ? null
                            : Topics.PLANS.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                } catch (PoisonRecordException | SerializationException e) {
                    // The group's listener dead-letters it; the catalog keeps the plan as it was.
                    LOG.warn("Plan catalog skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                }
            }
            for (TopicPartition tp : partitions) {
                catalog.advance(tp.partition(), c.position(tp));
            }
        }
        return touched;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        List<RedisWrite> writes = catalog.catalogWrites(pending);
        try {
            List<WriteOutcome> outcomes = cache.write(writes);
            for (int i = 0; i < writes.size(); i++) {
                metrics.write(writes.get(i).type(), outcomes.get(i), 1);
            }
            pending.clear();
        } catch (CacheUnavailableException e) {
            // Kept pending: written after the next poll, at the position reached by then.
            LOG.debug("Catalog writes wait for Redis: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        closed.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
