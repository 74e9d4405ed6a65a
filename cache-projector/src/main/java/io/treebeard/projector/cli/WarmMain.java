package io.treebeard.projector.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.projector.config.ProjectorConfig;
import io.treebeard.projector.core.Projection;
import io.treebeard.projector.kafka.TopicReplay;
import io.treebeard.projector.redis.RedisCache;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code warm} command, in the spirit of the reference epic's {@code warm_cache.py}:
 * {@code warm --mode full|plans|profiles|recommendations|usage [--limit N] [--region R]} fills Redis from the compacted
 * topics through the same version-guarded scripts as the projector (safe while the projector runs), and
 * {@code warm --mode stats} prints per key type the count, memory, hits, misses, hit rate and TTL distribution.
 *
 * <pre>
 * java -cp cache-projector.jar:... io.treebeard.projector.cli.WarmMain warm --mode full --redis-uri redis://localhost:6379
 * mvn -o -q -pl cache-projector exec:java -Dexec.mainClass=io.treebeard.projector.cli.WarmMain -Dexec.args="warm --mode stats"
 * </pre>
 */
public final class WarmMain {

    private WarmMain() {
    }

    /** Runs the command; exits 0 on success, 2 on bad arguments, 1 on failure. */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command and returns the exit status (for tests). */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        WarmArgs parsed;
        try {
            parsed = WarmArgs.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("warm: " + e.getMessage());
            err.println(WarmArgs.USAGE);
            return 2;
        }
        try {
            if (parsed.mode() == WarmArgs.Mode.STATS) {
                RedisClient client = RedisClient.create(parsed.redisUri());
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    CacheStats.print(new CacheStats(connection.sync()).collect(), out);
                } finally {
                    client.shutdown();
                }
                return 0;
            }
            Duration recommendationTtl = DurationStyle.detectAndParse(ProjectorConfig.Ttl.DEFAULT_TTL_RECOMMENDATION);
            try (RedisCache cache = RedisCache.connect(parsed.redisUri(), Map.of(), Duration.ofSeconds(2))) {
                Warmer warmer = new Warmer(new TopicReplay(parsed.bootstrapServers(), 5000), cache, new Projection(recommendationTtl), out);
                long written = warmer.warm(parsed);
                out.println("warm: " + written + " keys written");
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("warm: failed: " + e);
            return 1;
        }
    }
}
