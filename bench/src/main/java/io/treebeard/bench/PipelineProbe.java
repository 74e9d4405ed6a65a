package io.treebeard.bench;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.demo.Pipeline;
import io.treebeard.schemas.cache.CacheKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What every phase asks of the running pipeline, in one place: consumer lag per group (with the admin API, independent
 * of the services' own gauges), pending plan fan-outs and any other metric from a service's Prometheus endpoint, and the
 * document versions in Redis.
 */
final class PipelineProbe {

    /**
     * A consumer group's position on its input.
     *
     * @param endOffsets sum of the end offsets of the partitions the group has committed on
     * @param lag        sum over those partitions of end offset minus committed offset
     */
    record GroupLag(long endOffsets, long lag) {
    }

    private final Admin admin;
    private final Pipeline pipeline;
    private final StatefulRedisConnection<String, String> redis;
    private final HttpClient http = HttpClient.newHttpClient();

    PipelineProbe(Admin admin, Pipeline pipeline, StatefulRedisConnection<String, String> redis) {
        this.admin = admin;
        this.pipeline = pipeline;
        this.redis = redis;
    }

    /** The lag of {@code groupId}; zeros when it has committed nothing yet. */
    GroupLag lag(String groupId) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            if (committed.isEmpty()) {
                return new GroupLag(0, 0);
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            long lag = 0;
            long endSum = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                long end = ends.get(entry.getKey()).offset();
                endSum += end;
                if (entry.getValue() != null) {
                    lag += Math.max(0, end - entry.getValue().offset());
                }
            }
            return new GroupLag(endSum, lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the lag of " + groupId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the lag of " + groupId, e.getCause());
        }
    }

    /** The recommender's (Kafka Streams application id) lag. */
    GroupLag recommenderLag() {
        return lag(pipeline.recommenderApplicationId());
    }

    /** The cache projector's lag. */
    GroupLag projectorLag() {
        return lag(pipeline.projectorGroupId());
    }

    /** Recommender plus projector lag, in records. */
    long totalLag() {
        return recommenderLag().lag() + projectorLag().lag();
    }

    /** The recommender's {@code treebeard.recommender.fanout.pending} gauges, summed. */
    double pendingFanouts() {
        return scrape(pipeline.recommenderUrl()).lines().filter(l -> l.startsWith("treebeard_recommender_fanout_pending"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The Prometheus text of the service at {@code baseUrl}. */
    String scrape(String baseUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics of " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Waits until the pipeline has caught up: lag below {@code limit} and no plan fan-out still walking its users
     * (lag says nothing of those, a punctuator works them off). Returns whether it did within {@code timeout}.
     */
    boolean awaitSettled(long limit, Duration timeout) {
        return Suite.await(timeout, () -> totalLag() < limit && pendingFanouts() == 0);
    }

    /** Document versions in Redis of {@code ids}, pipelined in rounds of 1,000. */
    Map<String, Long> versions(List<String> ids) {
        Map<String, Long> versions = new HashMap<>(ids.size() * 2);
        RedisAsyncCommands<String, String> async = redis.async();
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
            List<RedisFuture<String>> futures = new ArrayList<>(chunk.size());
            for (String id : chunk) {
                futures.add(async.hget(CacheKeys.recommendation(id), CacheKeys.FIELD_VERSION));
            }
            for (int i = 0; i < chunk.size(); i++) {
                String v = futures.get(i).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
                if (v != null) {
                    versions.put(chunk.get(i), Long.parseLong(v));
                }
            }
        }
        return versions;
    }

    /** Recommendation keys in Redis, by SCAN. */
    long countRecommendationKeys() {
        RedisCommands<String, String> sync = redis.sync();
        long count = 0;
        ScanArgs args = ScanArgs.Builder.matches(CacheKeys.PREFIX + "rec:*").limit(20_000);
        KeyScanCursor<String> cursor = sync.scan(args);
        while (true) {
            count += cursor.getKeys().size();
            if (cursor.isFinished()) {
                return count;
            }
            cursor = sync.scan(ScanCursor.of(cursor.getCursor()), args);
        }
    }
}
