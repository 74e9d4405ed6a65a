package io.treebeard.schemas.topic;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A typed handle on a Kafka topic: its name, how its keys and values are (de)serialised, and how it is cleaned up.
 * Handles are declared only in {@link Topics}; no other code spells a topic name.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Topic<K, V> {

    /** How the broker discards old records. */
    public enum Cleanup {
        /** Keep the newest record per key ({@code cleanup.policy=compact}). */
        COMPACT("compact"),
        /** Drop records older than the retention ({@code cleanup.policy=delete}). */
        DELETE("delete");

        private final String policy;

        Cleanup(String policy) {
            this.policy = policy;
        }

        /** The value of the topic's {@code cleanup.policy} config. */
        public String policy() {
            return policy;
        }
    }

    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Cleanup cleanup;

    Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, Cleanup cleanup) {
        this.name = Objects.requireNonNull(name, "name");
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    }

    /** The topic name (contract section 7). */
    public String name() {
        return name;
    }

    /** The key serde. */
    public Serde<K> keySerde() {
        return keySerde;
    }

    /** The value serde. */
    public Serde<V> valueSerde() {
        return valueSerde;
    }

    /** The cleanup policy the topic is created with. */
    public Cleanup cleanup() {
        return cleanup;
    }

    @Override
    public String toString() {
        return name;
    }
}
