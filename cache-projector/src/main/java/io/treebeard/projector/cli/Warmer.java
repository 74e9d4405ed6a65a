package io.treebeard.projector.cli;

import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.core.PoisonRecordException;
import io.treebeard.projector.core.Projection;
import io.treebeard.projector.core.RedisWrite;
import io.treebeard.projector.kafka.TopicReplay;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Warms Redis from the compacted topics, the way the projector's rebuild does (version-guarded, pipelined), for one
 * value type or all, optionally for one region and at most N keys per type. Prints progress every two seconds.
 */
public final class Warmer {

    private static final long PROGRESS_NANOS = 2_000_000_000L;

    private final TopicReplay replay;
    private final RedisCache cache;
    private final Projection projection;
    private final PrintStream out;

    /** A warmer reading through {@code replay} and writing to {@code cache}; progress goes to {@code out}. */
    public Warmer(TopicReplay replay, RedisCache cache, Projection projection, PrintStream out) {
        this.replay = replay;
        this.cache = cache;
        this.projection = projection;
        this.out = out;
    }

    /** Warms what {@code args} asks; returns the keys written. */
    public long warm(WarmArgs args) {
        long written = 0;
        WarmArgs.Mode mode = args.mode();
        if (mode == WarmArgs.Mode.FULL || mode == WarmArgs.Mode.PLANS) {
            written += plans(args);
        }
        if (mode == WarmArgs.Mode.FULL || mode == WarmArgs.Mode.PROFILES) {
            written += replayTopic("profiles", Topics.PROFILES, args, r -> {
                ProfileChange c = Topics.PROFILES.valueSerde().deserializer().deserialize(r.topic(), r.value());
                boolean inRegion = args.region() == null || c.after() != null && args.region().equals(c.after().region());
                return inRegion ? projection.profile(r.key(), c).redis() : List.of();
            });
        }
        if (mode == WarmArgs.Mode.FULL || mode == WarmArgs.Mode.RECOMMENDATIONS) {
            written += replayTopic("recommendations", Topics.RECOMMENDATIONS, args, r -> {
                RecommendationDocument d = Topics.RECOMMENDATIONS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                boolean inRegion = args.region() == null || args.region().equals(d.region());
                return inRegion ? projection.recommendation(r.key(), d).redis() : List.of();
            });
        }
        if (mode == WarmArgs.Mode.FULL || mode == WarmArgs.Mode.USAGE) {
            if (args.region() != null) {
                out.println("usage: a usage analysis carries no region; --region is ignored for it");
            }
            written += replayTopic("usage", Topics.USAGE_ANALYSIS, args, r -> {
                UsageAnalysis a = Topics.USAGE_ANALYSIS.valueSerde().deserializer().deserialize(r.topic(), r.value());
                return projection.usageAnalysis(r.key(), a, Instant.ofEpochMilli(r.timestamp())).redis();
            });
        }
        return written;
    }

    private long plans(WarmArgs args) {
        PlanCatalog catalog = new PlanCatalog();
        try (TopicReplay.Session session = replay.open(Topics.PLANS)) {
            session.run(batch -> {
                for (ConsumerRecord<String, byte[]> r : batch) {
                    try {
                        catalog.apply(r.key(), Topics.PLANS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    } catch (PoisonRecordException | SerializationException e) {
                        out.println("plans: skipped " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                    }
                }
                return true;
            });
            // Replayed to the end offsets: the catalog is the state at that position (see PlanCatalog).
            session.endOffsets().forEach((tp, end) -> catalog.advance(tp.partition(), end));
        }
        List<RedisWrite> writes = new ArrayList<>();
        long plans = 0;
        for (RedisWrite w : catalog.snapshot(args.region())) {
            if (w.type() == KeyType.PLAN && args.limit() > 0 && ++plans > args.limit()) {
                continue;
            }
            writes.add(w);
        }
        long started = System.nanoTime();
        cache.writeBulk(writes);
        report("plans", writes.size(), started, true);
        return writes.size();
    }

    /** Turns one record into its writes; empty to skip it. */
    @FunctionalInterface
    private interface Decision {
        List<RedisWrite> writes(ConsumerRecord<String, byte[]> record);
    }

    private long replayTopic(String name, Topic<String, ?> topic, WarmArgs args, Decision decision) {
        long started = System.nanoTime();
        long[] written = {0};
        long[] lastReport = {started};
        try (TopicReplay.Session session = replay.open(topic)) {
            out.println(name + ": replaying up to " + session.total() + " records of " + topic.name());
            session.run(batch -> {
                List<RedisWrite> writes = new ArrayList<>(batch.size());
                for (ConsumerRecord<String, byte[]> r : batch) {
                    if (r.value() == null) {
                        continue;
                    }
                    if (args.limit() > 0 && written[0] + writes.size() >= args.limit()) {
                        break;
                    }
                    try {
                        writes.addAll(decision.writes(r));
                    } catch (PoisonRecordException | SerializationException e) {
                        out.println(name + ": skipped " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
                    }
                }
                if (!writes.isEmpty()) {
                    cache.writeBulk(writes);
                    written[0] += writes.size();
                }
                long now = System.nanoTime();
                if (now - lastReport[0] >= PROGRESS_NANOS) {
                    report(name, written[0], started, false);
                    lastReport[0] = now;
                }
                return args.limit() == 0 || written[0] < args.limit();
            });
        }
        report(name, written[0], started, true);
        return written[0];
    }

    private void report(String name, long keys, long startedNanos, boolean done) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        out.printf(Locale.ROOT, "%s: %s %d keys in %.1f s (%.0f keys/s)%n", name, done ? "done," : "progress:", keys, seconds,
                keys / seconds);
    }
}
