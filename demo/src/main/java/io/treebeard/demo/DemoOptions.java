package io.treebeard.demo;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the run command starts, from system properties ({@code -Dkafka=host:9092}) or environment variables
 * ({@code TREEBEARD_DEMO_KAFKA=host:9092}); a system property wins. An external server replaces the embedded one.
 *
 * @param users            sample users ({@code users}, default {@value #DEFAULT_USERS})
 * @param seed             sample seed ({@code seed}, default {@value #DEFAULT_SEED})
 * @param kafka            external Kafka bootstrap servers ({@code kafka}), else embedded
 * @param postgresUrl      external PostgreSQL JDBC URL ({@code postgres.url}), else embedded; the database is migrated
 * @param postgresUser     a role that may migrate it ({@code postgres.user}, default postgres)
 * @param postgresPassword its password ({@code postgres.password})
 * @param redis            external Redis URI ({@code redis}, e.g. redis://host:6379), else embedded
 */
public record DemoOptions(int users, long seed, Optional<String> kafka, Optional<String> postgresUrl, String postgresUser,
        String postgresPassword, Optional<String> redis) {

    /** Default sample size of the run command. */
    public static final int DEFAULT_USERS = 200;
    /** Default sample seed. */
    public static final long DEFAULT_SEED = 7L;

    /** The options of this process. */
    public static DemoOptions fromEnvironment() {
        return from(System.getProperties()::getProperty, System.getenv());
    }

    static DemoOptions from(java.util.function.UnaryOperator<String> properties, Map<String, String> env) {
        Source source = new Source(properties, env);
        int users = Integer.parseInt(source.get("users").orElse(String.valueOf(DEFAULT_USERS)));
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        Optional<String> postgresUrl = source.get("postgres.url");
        postgresUrl.filter(url -> !url.startsWith("jdbc:postgresql://")).ifPresent(url -> {
            throw new IllegalArgumentException("postgres.url must be a jdbc:postgresql:// URL, was " + url);
        });
        return new DemoOptions(users, Long.parseLong(source.get("seed").orElse(String.valueOf(DEFAULT_SEED))),
                source.get("kafka"), postgresUrl, source.get("postgres.user").orElse("postgres"),
                source.get("postgres.password").orElse(""), source.get("redis"));
    }

    private record Source(java.util.function.UnaryOperator<String> properties, Map<String, String> env) {
        Optional<String> get(String name) {
            String value = properties.apply(name);
            if (value == null) {
                value = env.get("TREEBEARD_DEMO_" + name.toUpperCase(Locale.ROOT).replace('.', '_'));
            }
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }
    }
}
