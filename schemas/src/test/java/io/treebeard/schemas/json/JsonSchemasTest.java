package io.treebeard.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.SchemaValidation;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class JsonSchemasTest {

    static Stream<String> names() {
        return JsonSchemas.names().stream();
    }

    @Test
    void thereIsOneSchemaPerTopicValueAndOneForAllDeadLetters() {
        assertThat(JsonSchemas.names()).containsExactly("treebeard.plans", "treebeard.profiles", "treebeard.usage",
                "treebeard.usage-analysis", "treebeard.recommendations", "treebeard.dlq");
    }

    @Test
    void topicHandlesMapToTheirSchemaResource() {
        assertThat(JsonSchemas.resourcePath(Topics.PLANS)).isEqualTo("json-schema/treebeard.plans.schema.json");
        assertThat(JsonSchemas.resourcePath(Topics.USAGE_ANALYSIS)).isEqualTo("json-schema/treebeard.usage-analysis.schema.json");
        for (Topic<String, ?> dlq : List.of(Topics.DLQ_INGEST, Topics.DLQ_RECOMMENDER, Topics.DLQ_PROJECTOR)) {
            assertThat(JsonSchemas.resourcePath(dlq)).isEqualTo("json-schema/treebeard.dlq.schema.json");
        }
        assertThat(JsonSchemas.load(Topics.DLQ_PROJECTOR)).isEqualTo(JsonSchemas.loadByName(JsonSchemas.DLQ));
    }

    @Test
    void unknownTopicsAndSchemasAreRejected() {
        assertThatThrownBy(() -> JsonSchemas.schemaName("treebeard.unknown")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonSchemas.loadByName("treebeard.unknown")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResourceDirectoryHoldsNoOtherSchema() throws IOException, URISyntaxException {
        Path directory = Path.of(Objects.requireNonNull(getClass().getClassLoader().getResource(JsonSchemas.DIRECTORY)).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(JsonSchemas.names().stream().map(n -> n + ".schema.json").toList());
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void everySchemaIsADraft202012DocumentThatCompiles(String name) {
        JsonNode schema = JsonSchemas.loadByName(name);

        assertThat(schema.get("$schema").stringValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").stringValue()).endsWith("/" + name + ".schema.json");
        assertThat(schema.get("type").stringValue()).isEqualTo("object");
        assertThat(SchemaValidation.schema(name)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyObjectRequiresAllItsMembersAndAllowsNoOthers(String name) {
        List<String> problems = new ArrayList<>();
        checkObjects(JsonSchemas.loadByName(name), "", problems);

        assertThat(problems).isEmpty();
    }

    /** Every schema object with properties: all of them required (the mapper always writes them), no others allowed. */
    private static void checkObjects(JsonNode node, String path, List<String> problems) {
        if (node.isObject() && node.has("properties")) {
            Set<String> required = new TreeSet<>();
            node.path("required").values().forEach(r -> required.add(r.stringValue()));
            if (!required.equals(new TreeSet<>(node.get("properties").propertyNames()))) {
                problems.add(path + ": required " + required + " differs from properties");
            }
            if (!node.path("additionalProperties").isBoolean() || node.get("additionalProperties").booleanValue()) {
                problems.add(path + ": additionalProperties is not false");
            }
        }
        if (node.isObject()) {
            node.properties().forEach(e -> checkObjects(e.getValue(), path + "/" + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkObjects(node.get(i), path + "/" + i, problems);
            }
        }
    }
}
