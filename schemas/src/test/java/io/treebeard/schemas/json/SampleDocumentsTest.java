package io.treebeard.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.Fixtures;
import io.treebeard.schemas.SchemaValidation;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The sample documents under {@code samples/<topic name>/} conform to the topic's schema and to its record serde. */
class SampleDocumentsTest {

    static Stream<Arguments> samples() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(SampleDocumentsTest.class.getClassLoader().getResource("samples")).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> jsonFiles = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            return jsonFiles.stream().map(f -> Arguments.of(f.getParent().getFileName().toString(), f.getFileName().toString(), f));
        }
    }

    static Stream<Arguments> topicValues() {
        return Fixtures.topicValues();
    }

    @Test
    void everyTopicHasAtLeastOneSample() throws IOException, URISyntaxException {
        List<Object> topicsWithSamples = samples().map(a -> a.get()[0]).distinct().map(Object.class::cast).toList();

        assertThat(topicsWithSamples).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("samples")
    void sampleConformsToItsTopicSchema(String topicName, String file, Path path) {
        assertThat(SchemaValidation.violations(JsonSchemas.schemaName(topicName), read(path))).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("samples")
    void sampleParsesWithTheTopicSerdeAndIsWrittenBackUnchanged(String topicName, String file, Path path) throws IOException {
        Topic<String, Object> topic = topic(topicName);
        byte[] bytes = Files.readAllBytes(path);

        Object value = topic.valueSerde().deserializer().deserialize(topicName, bytes);
        byte[] written = topic.valueSerde().serializer().serialize(topicName, value);

        assertThat(Json.mapper().readTree(written)).isEqualTo(Json.mapper().readTree(bytes));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("samples")
    void schemaRejectsTheSampleWithoutAnyOfItsMembersOrWithAnExtraOne(String topicName, String file, Path path) {
        String schema = JsonSchemas.schemaName(topicName);
        JsonNode sample = read(path);
        for (String member : sample.propertyNames()) {
            ObjectNode without = (ObjectNode) sample.deepCopy();
            without.remove(member);
            assertThat(SchemaValidation.violations(schema, without)).as("without %s", member).isNotEmpty();
        }
        ObjectNode extra = (ObjectNode) sample.deepCopy();
        extra.put("extra", 1);
        assertThat(SchemaValidation.violations(schema, extra)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("topicValues")
    void recordBuiltInJavaConformsToItsTopicSchemaWhenSerialised(Topic<String, ?> topic, Object value, String label) {
        @SuppressWarnings("unchecked")
        byte[] bytes = ((Topic<String, Object>) topic).valueSerde().serializer().serialize(topic.name(), value);

        assertThat(SchemaValidation.violations(JsonSchemas.schemaName(topic.name()), Json.mapper().readTree(bytes))).isEmpty();
    }

    @Test
    void recommendationSampleListsTwelveMonthlyCostsPerPlanAndUsesNullsForUnknowns() throws IOException, URISyntaxException {
        JsonNode ok = sample("treebeard.recommendations", "ok.json");
        JsonNode insufficient = sample("treebeard.recommendations", "insufficient-usage.json");

        assertThat(ok.get("recommendations").values()).allSatisfy(r -> assertThat(r.get("monthly_costs").size()).isEqualTo(12));
        assertThat(insufficient.get("status").stringValue()).isEqualTo("insufficient_usage");
        assertThat(insufficient.get("as_of").isNull()).isTrue();
        assertThat(insufficient.get("current_plan").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void schemaRejectsValuesTheMapperNeverWrites(String what, String schema, String json) {
        assertThat(SchemaValidation.violations(schema, Json.mapper().readTree(json))).isNotEmpty();
    }

    static Stream<Arguments> brokenDocuments() throws URISyntaxException {
        String plan = sample("treebeard.plans", "create-tiered-with-credits.json").toString();
        String document = sample("treebeard.recommendations", "ok.json").toString();
        return Stream.of(
                broken("unknown op", "treebeard.plans", plan, "\"op\":\"c\"", "\"op\":\"x\""),
                broken("unknown energy type", "treebeard.plans", plan, "\"tiered\"", "\"block\""),
                broken("rate as a string", "treebeard.plans", plan, "\"rate\":0.1}", "\"rate\":\"0.1\"}"),
                broken("non-date updated_at", "treebeard.plans", plan, "2026-11-25T09:59:58.412Z", "yesterday"),
                broken("empty regions", "treebeard.plans", plan, "[\"TX-NORTH\",\"TX-SOUTH\"]", "[]"),
                broken("unknown status", "treebeard.recommendations", document, "\"ok\"", "\"done\""),
                broken("null status", "treebeard.recommendations", document, "\"ok\"", "null"),
                broken("eleven monthly costs", "treebeard.recommendations", document, "[103.94,", "["),
                broken("string version", "treebeard.recommendations", document, "\"version\":17", "\"version\":\"17\""));
    }

    /** A case made by one textual edit of a valid document; the edit must apply, or the case would prove nothing. */
    private static Arguments broken(String what, String schema, String json, String from, String to) {
        assertThat(json).contains(from);
        return Arguments.of(what, schema, json.replace(from, to));
    }

    private static JsonNode sample(String topicName, String file) throws URISyntaxException {
        return read(Path.of(Objects.requireNonNull(SampleDocumentsTest.class.getClassLoader()
                .getResource("samples/" + topicName + "/" + file)).toURI()));
    }

    private static JsonNode read(Path path) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Topic<String, Object> topic(String name) {
        return (Topic<String, Object>) Topics.ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
