package io.treebeard.schemas.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of TreeBeard's records (Jackson 3): snake_case names, ISO-8601 dates, nulls always written,
 * unknown properties ignored (tolerant reader). Topic values, Redis values and API bodies all use it, so the same document has the same
 * bytes everywhere.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // Tolerant reader: a consumer ignores fields added by a newer producer (additive changes are compatible).
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** The shared, immutable and thread-safe mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
