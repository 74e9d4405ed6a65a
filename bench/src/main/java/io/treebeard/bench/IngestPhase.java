package io.treebeard.bench;

import io.treebeard.demo.Pipeline;
import io.treebeard.demo.SampleData;
import io.treebeard.schemas.topic.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/** Bulk CSV through the write API with the capture on, and the rate the capture publishes the rows. */
final class IngestPhase implements Phase {

    /** Rows per CSV batch, each a distinct (user, day). */
    public static final int BATCH_ROWS = 10_000;
    /** Batches are sent one after another for this long, seconds. */
    public static final int SECONDS = 20;
    /** The capture must have published every row within this. */
    public static final Duration CAPTURE_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "ingest";
    }

    /** Ingest and capture do not depend on the recommender: it runs without waiting for the previous phase's backlog. */
    @Override
    public boolean waitsForPipeline() {
        return false;
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        long eventsBefore = endOffsets(ctx, Topics.USAGE.name());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("url", ctx.pipeline().ingestUrl() + "/api/v1/usage");
        args.put("key", Pipeline.DEV_KEY);
        args.put("users", ctx.users().size());
        args.put("batchRows", BATCH_ROWS);
        args.put("firstDay", SampleData.lastDay().plusDays(1));
        args.put("durationMs", SuiteContext.scaled(SECONDS).toMillis());
        long started = System.nanoTime();
        JsonNode result = ForkedLoad.run("ingest", args, Duration.ofMinutes(5));
        long rows = result.get("rows").asLong();
        double apiSeconds = result.get("seconds").asDouble();
        Suite.await(CAPTURE_TIMEOUT, () -> endOffsets(ctx, Topics.USAGE.name()) - eventsBefore >= rows);
        double cdcSeconds = (System.nanoTime() - started) / 1e9;
        Suite.say(String.format(Locale.ROOT, "Ingest: %,d rows through the write API at %,.0f rows/s; CDC published them at %,.0f events/s"
                + " (from the load JVM's start)", rows, rows / apiSeconds, rows / cdcSeconds));
        ctx.report().add("ingest.api.rows", String.format(Locale.ROOT, "write-API bulk ingest, one client, %,d-row batches, capture on",
                BATCH_ROWS), rows / apiSeconds, "rows/s", null);
        ctx.report().add("ingest.cdc.events", "CDC events published to Kafka (same run)", rows / cdcSeconds, "events/s", null);
    }

    private static long endOffsets(SuiteContext ctx, String topic) {
        try {
            var partitions = ctx.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
            partitions.forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return ctx.admin().listOffsets(specs).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e.getCause());
        }
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Ingest** (`ingest`, last, without waiting for the recommender's backlog: ingest and"
                + " capture do not depend on it): from the load JVM, CSV batches of %,d distinct (user, day) rows through the"
                + " write API, one after another, for %d s (capture on), and the rate at which the capture published the same"
                + " rows to `treebeard.usage`.", BATCH_ROWS, SECONDS);
    }
}
