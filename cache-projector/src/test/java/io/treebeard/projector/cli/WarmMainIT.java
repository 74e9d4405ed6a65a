package io.treebeard.projector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.projector.Fixtures;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class WarmMainIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void warmFillsOneRegionFromTheTopicsAndStatsReportEveryType(LocalStack stack) throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin).ensure(List.of(Topics.PLANS, Topics.PROFILES, Topics.RECOMMENDATIONS, Topics.USAGE_ANALYSIS), 3,
                    (short) 1);
        }
        String region = "RW-" + RUN;
        Plan plan = Fixtures.plan("pw-" + RUN, 0.1, true, region);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int u = 0; u < 20; u++) {
                String user = "warm-" + RUN + "-" + u;
                String userRegion = u % 2 == 0 ? region : "OTHER";
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS.name(), user,
                        Topics.RECOMMENDATIONS.valueSerde().serializer().serialize(null, Fixtures.doc(user, 3, userRegion))));
            }
            producer.send(new ProducerRecord<>(Topics.PLANS.name(), plan.planId(),
                    Topics.PLANS.valueSerde().serializer().serialize(null, Fixtures.planChange(null, plan, 77))));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] base = {"--bootstrap-servers", bootstrap, "--redis-uri", stack.redis().uri(), "--region", region};

        int status = WarmMain.run(concat(new String[] {"warm", "--mode", "recommendations"}, base), Map.of(), print(out), print(err));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        status = WarmMain.run(concat(new String[] {"warm", "--mode", "plans"}, base), Map.of(), print(out), print(err));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();

        RedisClient client = RedisClient.create(stack.redis().uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (int u = 0; u < 20; u++) {
                String key = CacheKeys.recommendation("warm-" + RUN + "-" + u);
                assertThat(c.sync().exists(key)).as(key).isEqualTo(u % 2 == 0 ? 1 : 0);
            }
            // Versioned by the replay's position in treebeard.plans (the end offsets), not by a change's LSN.
            assertThat(c.sync().hget(CacheKeys.catalog(region), CacheKeys.FIELD_DATA)).contains(plan.planId());
            assertThat(c.sync().hget(CacheKeys.catalog(region), CacheKeys.FIELD_POSITION)).isNotNull();
            c.sync().hincrby(CacheKeys.stats(KeyType.RECOMMENDATION), CacheKeys.FIELD_HITS, 99);
            c.sync().hincrby(CacheKeys.stats(KeyType.RECOMMENDATION), CacheKeys.FIELD_MISSES, 1);
        } finally {
            client.shutdown();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("recommendations: done, 10 keys", "plans: done, 2 keys");

        ByteArrayOutputStream stats = new ByteArrayOutputStream();
        status = WarmMain.run(new String[] {"warm", "--mode", "stats", "--redis-uri", stack.redis().uri()}, Map.of(), print(stats),
                print(err));
        assertThat(status).isZero();
        String table = stats.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("type", "rec", "profile", "usage", "plan", "catalog", "<24h");
        assertThat(table.lines().filter(l -> l.startsWith("rec ")).findFirst().orElseThrow()).contains("99.00");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
