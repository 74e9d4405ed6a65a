package io.treebeard.recommender.state;

import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.json.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The serde of the {@code usage-analyses} store: {@link AnalysisState} as JSON {@code {"analysis": …, "version": n}}.
 * An earlier release stored the bare {@link UsageAnalysis}; such a value (restored from an old changelog) is still
 * read, as a live analysis with its own version, and rewritten in the new form on its next update.
 */
public final class AnalysisStateSerde {

    private static final JsonSerde<AnalysisState> CURRENT = JsonSerde.of(AnalysisState.class);
    private static final JsonSerde<UsageAnalysis> LEGACY = JsonSerde.of(UsageAnalysis.class);

    private AnalysisStateSerde() {
    }

    /** The serde. */
    public static Serde<AnalysisState> serde() {
        Serializer<AnalysisState> serializer = (topic, value) -> CURRENT.toBytes(value);
        Deserializer<AnalysisState> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode tree = Json.mapper().readTree(bytes);
                if (tree.has("analysis")) {
                    return CURRENT.fromBytes(bytes);
                }
                UsageAnalysis legacy = LEGACY.fromBytes(bytes);
                return new AnalysisState(legacy, legacy.version());
            } catch (JacksonException e) {
                throw new SerializationException("Cannot deserialise a usage-analyses value: " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
