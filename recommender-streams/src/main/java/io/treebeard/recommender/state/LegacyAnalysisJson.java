package io.treebeard.recommender.state;

import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.json.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The JSON form of the {@code usage-analyses} store that earlier releases wrote, still read when restored from an old
 * changelog (the store now writes {@link StoreSerdes#analyses()}, binary): {@link AnalysisState} as JSON
 * {@code {"analysis": …, "version": n}}, or, older still, the bare {@link UsageAnalysis}, read as a live analysis with
 * its own version. Either is rewritten in binary on its next update.
 */
final class LegacyAnalysisJson {

    private static final JsonSerde<AnalysisState> CURRENT = JsonSerde.of(AnalysisState.class);
    private static final JsonSerde<UsageAnalysis> LEGACY = JsonSerde.of(UsageAnalysis.class);

    private LegacyAnalysisJson() {
    }

    /** Reads a JSON value in either earlier form. */
    static AnalysisState fromJson(byte[] bytes) {
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
    }
}
