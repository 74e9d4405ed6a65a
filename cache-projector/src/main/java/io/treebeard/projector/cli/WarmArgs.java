package io.treebeard.projector.cli;

import java.util.Locale;
import java.util.Map;

/**
 * The parsed command line of {@code warm}.
 *
 * @param mode             what to warm, or {@code stats}
 * @param limit            at most this many keys per value type (0 = no limit)
 * @param region           only values of this region (plans, catalogs, profiles, recommendations), or null
 * @param bootstrapServers Kafka, for the compacted topics
 * @param redisUri         Redis
 */
public record WarmArgs(Mode mode, long limit, String region, String bootstrapServers, String redisUri) {

    /** Environment variable naming Kafka when {@code --bootstrap-servers} is absent (the projector's own). */
    public static final String ENV_BOOTSTRAP = "TREEBEARD_PROJECTOR_KAFKA_BOOTSTRAP_SERVERS";
    /** Environment variable naming Redis when {@code --redis-uri} is absent (the projector's own). */
    public static final String ENV_REDIS = "TREEBEARD_PROJECTOR_REDIS_URI";
    /** Usage text. */
    public static final String USAGE = "usage: warm --mode full|plans|profiles|recommendations|usage|stats [--limit N] [--region R]"
            + " [--bootstrap-servers HOST:PORT] [--redis-uri redis://HOST:PORT]\n"
            + "  defaults: $" + ENV_BOOTSTRAP + " or localhost:9092, $" + ENV_REDIS + " or redis://localhost:6379";

    /** What to do. */
    public enum Mode {
        FULL, PLANS, PROFILES, RECOMMENDATIONS, USAGE, STATS
    }

    /**
     * Parses {@code args}, falling back to {@code env} for the connections.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static WarmArgs parse(String[] args, Map<String, String> env) {
        Mode mode = null;
        long limit = 0;
        String region = null;
        String bootstrap = env.getOrDefault(ENV_BOOTSTRAP, "localhost:9092");
        String redis = env.getOrDefault(ENV_REDIS, "redis://localhost:6379");
        int i = 0;
        if (i < args.length && "warm".equals(args[i])) {
            i++;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--mode":
                    try {
                        mode = Mode.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--mode must be one of full, plans, profiles, recommendations, usage, stats: "
                                + value, e);
                    }
                    break;
                case "--limit":
                    try {
                        limit = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--limit must be a whole number: " + value, e);
                    }
                    if (limit < 1) {
                        throw new IllegalArgumentException("--limit must be at least 1: " + value);
                    }
                    break;
                case "--region":
                    region = value;
                    break;
                case "--bootstrap-servers":
                    bootstrap = value;
                    break;
                case "--redis-uri":
                    redis = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("--mode is required");
        }
        return new WarmArgs(mode, limit, region, bootstrap, redis);
    }
}
