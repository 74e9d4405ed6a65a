package io.treebeard.projector.core;

import io.treebeard.schemas.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The {@code user_id}, {@code version} and {@code generated_at} of a document, read from its JSON bytes without binding
 * the rest: the fast path of the live projection and of the rebuild. A topic value is written with the one shared
 * mapper's field order and formats ({@link io.treebeard.schemas.json.JsonSerde}, or the recommender's byte-identical
 * writer), so its bytes already are the ready-to-serve JSON; only the key, the version guard and the row's expiry need
 * reading. Nested objects are skipped, not parsed into records.
 *
 * @param userId      the top-level {@code user_id}
 * @param version     the top-level {@code version}
 * @param generatedAt the top-level {@code generated_at}; null when absent (a usage analysis has none)
 */
public record DocumentHeader(String userId, long version, Instant generatedAt) {

    /**
     * Reads the header of a recommendation document or usage analysis.
     *
     * @throws PoisonRecordException when the bytes are not a JSON object with a string user_id and an integer version
     */
    public static DocumentHeader read(byte[] json) {
        String userId = null;
        Long version = null;
        Instant generatedAt = null;
        try (JsonParser p = Json.mapper().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new PoisonRecordException("not a JSON object");
            }
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                if ("user_id".equals(name) && value == JsonToken.VALUE_STRING) {
                    userId = p.getString();
                } else if ("version".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    version = p.getLongValue();
                } else if ("generated_at".equals(name) && value == JsonToken.VALUE_STRING) {
                    generatedAt = instant(p.getString());
                } else {
                    p.skipChildren();
                }
                if (userId != null && version != null && generatedAt != null) {
                    break;
                }
            }
        } catch (JacksonException e) {
            throw new PoisonRecordException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (userId == null || version == null || version < 0) {
            throw new PoisonRecordException("user_id or a non-negative version is missing");
        }
        return new DocumentHeader(userId, version, generatedAt);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException("generated_at is not an instant: " + text, e);
        }
    }
}
