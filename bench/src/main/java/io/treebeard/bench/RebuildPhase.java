package io.treebeard.bench;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.topic.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Cache rebuild after a FLUSHALL of many recommendation keys. */
final class RebuildPhase implements Phase {

    /** Recommendation keys rebuilt ({@code -Dbench.rebuildKeys}); documents beyond the users' are produced first. */
    public static final int KEYS = Integer.getInteger("bench.rebuildKeys", 1_000_000);
    /** Goal, keys per second. */
    public static final double GOAL_KEYS_PER_SECOND = 50_000;
    /** The live projection of the extra documents, and the rebuild, each fail after this. */
    public static final Duration TIMEOUT = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "rebuild";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        int extra = Math.max(0, KEYS - ctx.users().size());
        Suite.say(String.format(Locale.ROOT, "Producing %,d more recommendation documents...", extra));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.servers().kafka());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String json = ctx.redis().sync().hget(CacheKeys.recommendation(ctx.users().get(0)), CacheKeys.FIELD_DATA);
        RecommendationDocument template = Json.mapper().readValue(json, RecommendationDocument.class);
        try (KafkaProducer<String, RecommendationDocument> producer = new KafkaProducer<>(props,
                Topics.RECOMMENDATIONS.keySerde().serializer(), Topics.RECOMMENDATIONS.valueSerde().serializer())) {
            for (int i = 0; i < extra; i++) {
                String user = String.format(Locale.ROOT, "bench-r-%07d", i);
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS.name(), user, withUser(template, user)));
            }
        }
        ctx.awaitRecommendationKeys(KEYS, TIMEOUT, "live projection of the extra documents");
        ctx.redis().sync().flushall();
        long started = System.nanoTime();
        ctx.awaitRecommendationKeys(KEYS, TIMEOUT, "rebuild of " + KEYS + " keys");
        double seconds = (System.nanoTime() - started) / 1e9;
        Suite.say(String.format(Locale.ROOT, "Rebuild: %,d recommendation keys in %.1f s (%,.0f keys/s)", KEYS, seconds, KEYS / seconds));
        ctx.report().atLeast("rebuild.rate", String.format(Locale.ROOT, "rebuild of %,d recommendation keys after FLUSHALL", KEYS),
                KEYS / seconds, "keys/s", GOAL_KEYS_PER_SECOND, "cron + TTL warming");
    }

    private static RecommendationDocument withUser(RecommendationDocument t, String user) {
        return new RecommendationDocument(user, 1, t.generatedAt(), t.asOf(), t.status(), t.region(), t.confidence(), t.annualKwh(),
                t.monthsWithData(), t.currentPlan(), t.recommendations());
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Rebuild** (`rebuild`): recommendation documents are produced up to %,d keys"
                + " (`-Dbench.rebuildKeys`), projected live, then `FLUSHALL`; the clock runs until all %,d `tb:rec:*` keys are"
                + " back (counted by `SCAN`). Goal: ≥ %,.0f keys/s.", KEYS, KEYS, GOAL_KEYS_PER_SECOND);
    }
}
