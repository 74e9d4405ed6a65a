package io.treebeard.schemas.json;

import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas (draft 2020-12) of the topic values, as classpath resources
 * {@code json-schema/<schema name>.schema.json}. A topic's schema name is its topic name, except that every
 * {@code treebeard.dlq.<stage>} topic shares {@code treebeard.dlq}. The schemas describe exactly what
 * {@link Json#mapper()} writes for the topic's value record; tombstones (null values) are not documents.
 */
public final class JsonSchemas {

    /** The classpath directory of the schemas. */
    public static final String DIRECTORY = "json-schema";

    /** The schema name shared by every dead-letter topic. */
    public static final String DLQ = "treebeard.dlq";

    private static final String SUFFIX = ".schema.json";

    private JsonSchemas() {
    }

    /** The distinct schema names of {@link Topics#ALL}, in pipeline order. */
    public static List<String> names() {
        return Topics.ALL.stream().map(topic -> schemaName(topic.name())).distinct().toList();
    }

    /** The schema name of a topic of {@link Topics#ALL}; IllegalArgumentException for any other name. */
    public static String schemaName(String topicName) {
        boolean known = Topics.ALL.stream().anyMatch(topic -> topic.name().equals(topicName));
        if (!known) {
            throw new IllegalArgumentException("Not a TreeBeard topic: " + topicName);
        }
        return topicName.startsWith(DLQ + ".") ? DLQ : topicName;
    }

    /** The classpath resource of the topic's value schema, e.g. {@code json-schema/treebeard.plans.schema.json}. */
    public static String resourcePath(Topic<?, ?> topic) {
        return resourcePathOf(schemaName(topic.name()));
    }

    /** The classpath resource of the schema called {@code schemaName} (one of {@link #names()}). */
    public static String resourcePathOf(String schemaName) {
        return DIRECTORY + "/" + schemaName + SUFFIX;
    }

    /** The topic's value schema, freshly parsed (callers may modify it). */
    public static JsonNode load(Topic<?, ?> topic) {
        return loadByName(schemaName(topic.name()));
    }

    /** The schema called {@code schemaName}, freshly parsed (callers may modify it). */
    public static JsonNode loadByName(String schemaName) {
        String path = resourcePathOf(schemaName);
        try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No JSON Schema resource " + path);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }
}
