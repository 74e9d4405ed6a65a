package io.treebeard.projector.core;

import io.treebeard.schemas.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The {@code user_id} and {@code version} of a document, read from its JSON bytes without binding the rest: the
 * rebuild fast path. A topic value is written by {@link io.treebeard.schemas.json.JsonSerde} with the one shared
 * mapper, so its bytes already are the ready-to-serve JSON; only the key and the version guard need reading. Nested
 * objects are skipped, not parsed into records.
 *
 * @param userId  the top-level {@code user_id}
 * @param version the top-level {@code version}
 */
public record DocumentHeader(String userId, long version) {

    /**
     * Reads the header of a recommendation document or usage analysis.
     *
     * @throws PoisonRecordException when the bytes are not a JSON object with a string user_id and an integer version
     */
    public static DocumentHeader read(byte[] json) {
        String userId = null;
        Long version = null;
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
                } else {
                    p.skipChildren();
                }
                if (userId != null && version != null) {
                    break;
                }
            }
        } catch (JacksonException e) {
            throw new PoisonRecordException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (userId == null || version == null || version < 0) {
            throw new PoisonRecordException("user_id or a non-negative version is missing");
        }
        return new DocumentHeader(userId, version);
    }
}
