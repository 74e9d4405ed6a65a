package io.treebeard.recommender.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * A serde whose deserializer remembers the values of the last few distinct byte strings it read, for a store whose few
 * immutable values are read far more often than they change: the plan catalog is read once per plan for every user
 * recomputed, and parsing the same plan's JSON for each was the single largest cost of a recomputation.
 *
 * <p>A value is returned from memory only for byte-for-byte equal input, so a changed plan is always parsed afresh. The
 * memory is bounded: past {@link #MAX_ENTRIES} distinct inputs it is cleared and starts over. Values must be
 * immutable, as they are shared between readers and stream threads.
 *
 * @param <T> an immutable value type
 */
public final class MemoizingSerde<T> implements Serde<T> {

    /** Distinct inputs remembered before the memory is cleared. */
    static final int MAX_ENTRIES = 1_024;

    private final Serde<T> inner;
    private final Map<Bytes, T> remembered = new ConcurrentHashMap<>();

    /** Remembers what {@code inner} deserializes. */
    public MemoizingSerde(Serde<T> inner) {
        this.inner = inner;
    }

    @Override
    public Serializer<T> serializer() {
        return inner.serializer();
    }

    @Override
    public Deserializer<T> deserializer() {
        Deserializer<T> parse = inner.deserializer();
        return (topic, data) -> {
            if (data == null) {
                return parse.deserialize(topic, null);
            }
            Bytes key = Bytes.wrap(data);
            T value = remembered.get(key);
            if (value == null) {
                value = parse.deserialize(topic, data);
                if (value != null) {
                    if (remembered.size() >= MAX_ENTRIES) {
                        remembered.clear();
                    }
                    // The caller may reuse its array: the key keeps a copy.
                    remembered.put(Bytes.wrap(data.clone()), value);
                }
            }
            return value;
        };
    }

    /** Distinct inputs currently remembered. */
    int remembered() {
        return remembered.size();
    }
}
