package io.treebeard.schemas.topic;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a {@link GroupLag} every few seconds with an Admin client: the group's committed offsets (its position, as
 * every instance of the group and any operator tool sees it) against the topics' end offsets (read-committed: the last
 * stable offset, so a transactional producer's markers are not counted as lag). Off the processing path: nothing is
 * computed per record, and a consumer that is stuck or paused still has its lag measured.
 *
 * <p>A sample that fails (broker unreachable) is logged and the previous values stay; the next sample retries.
 */
public final class GroupLagSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupLagSampler.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final GroupLag lag;
    private final Admin admin;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private volatile boolean warned;

    /** A sampler of {@code lag} through an Admin client of its own on {@code bootstrapServers}; call {@link #start}. */
    public GroupLagSampler(String bootstrapServers, GroupLag lag, Clock clock, Duration interval) {
        this.lag = lag;
        this.clock = clock;
        this.interval = interval;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, lag.group() + "-lag"));
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "treebeard-lag-" + lag.group());
            t.setDaemon(true);
            return t;
        });
    }

    /** Samples now and then every interval. */
    public GroupLagSampler start() {
        executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleQuietly() {
        try {
            sample();
            warned = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!warned) {
                LOG.warn("Cannot sample the lag of consumer group {}: {}", lag.group(), e.toString());
                warned = true;
            }
        }
    }

    /** One sample of every topic of the group. */
    void sample() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = partitions();
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(lag.group())
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        List<TopicPartition> uncommitted = partitions.stream().filter(tp -> committed.get(tp) == null).toList();
        Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());
        long now = clock.millis();
        Map<String, List<ConsumerLag.Partition>> byTopic = new HashMap<>();
        long groupPosition = 0;
        long groupBehind = 0;
        for (TopicPartition tp : partitions) {
            Long end = ends.get(tp);
            if (end == null) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(tp);
            long position = offset != null ? offset.offset() : starts.getOrDefault(tp, end);
            ConsumerLag.Partition partition = new ConsumerLag.Partition(tp.partition(), end, position,
                    lag.lastCommitMs(tp.topic(), tp.partition()));
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(partition);
            groupPosition += position;
            groupBehind += partition.behind();
        }
        byTopic.forEach((topic, list) -> lag.update(topic, ConsumerLag.compute(list, now)));
        lag.sampled(groupPosition, groupBehind, now);
    }

    /** The partitions of the group's topics that exist (a repartition topic appears only once the application created it). */
    private List<TopicPartition> partitions() throws InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : admin.describeTopics(lag.topics()).topicNameValues().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).partitions()
                        .forEach(p -> partitions.add(new TopicPartition(entry.getKey(), p.partition())));
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Topic {} of group {} cannot be described yet: {}", entry.getKey(), lag.group(), e.toString());
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Stops sampling and closes the Admin client. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
