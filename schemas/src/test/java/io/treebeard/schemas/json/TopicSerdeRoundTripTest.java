package io.treebeard.schemas.json;

import static io.treebeard.schemas.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.Fixtures;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class TopicSerdeRoundTripTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    static Stream<Arguments> topicValues() {
        return Fixtures.topicValues();
    }

    static Stream<Topic<String, ?>> topics() {
        return Fixtures.topics();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("topicValues")
    void valueSurvivesTheTopicsValueSerde(Topic<String, ?> topic, Object value, String label) {
        byte[] bytes = serialize(topic, value);

        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("topicValues")
    void valueSurvivesAJsonSerdeOfItsRecordType(Topic<String, ?> topic, Object value, String label) {
        JsonSerde<Object> serde = jsonSerdeOf(value);

        assertThat(serde.fromBytes(serde.toBytes(value))).isEqualTo(value);
        assertThat(serde.toBytes(value)).isEqualTo(serialize(topic, value));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("topicValues")
    void writesEveryRecordComponentInSnakeCaseIncludingNulls(Topic<String, ?> topic, Object value, String label) {
        JsonNode json = Json.mapper().readTree(serialize(topic, value));

        assertComponentsWritten(value, json, "");
        assertNamesAreSnakeCase(json, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void tombstonesStayNullBothWays(Topic<String, ?> topic) {
        assertThat(topic.valueSerde().serializer().serialize(topic.name(), null)).isNull();
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), null)).isNull();
    }

    @Test
    void absentValuesAreWrittenAsJsonNull() {
        JsonNode deleted = Json.mapper().valueToTree(new PlanChange(ChangeOp.DELETE, "p-7", null, null,
                new SourcePosition(1, null, Instant.EPOCH, false)));

        assertThat(deleted.get("after").isNull()).isTrue();
        assertThat(deleted.get("before").isNull()).isTrue();
        assertThat(deleted.get("source").get("tx_id").isNull()).isTrue();
        assertThat(deleted.get("op").stringValue()).isEqualTo("d");
    }

    @Test
    void aProfileWithoutPreferencesWritesEveryPreferenceAsNull() {
        ProfileChange change = (ProfileChange) valueLabelled("profile updated");

        JsonNode after = Json.mapper().valueToTree(change).get("after");

        assertThat(after.get("current_plan_id").isNull()).isTrue();
        assertThat(after.get("contract_end_date").isNull()).isTrue();
        assertThat(after.get("preferences")).isEqualTo(tree("{'min_renewable_pct': null, 'max_contract_months': null, 'top_n': null}"));
    }

    @Test
    void recommendationDocumentUsesIsoTimesLowercaseStatusAndTypedEnergy() {
        JsonNode document = Json.mapper().valueToTree(valueLabelled("recommendations"));
        JsonNode plan = Json.mapper().valueToTree(valueLabelled("plan created"));

        assertThat(document.get("generated_at").stringValue()).isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(document.get("as_of").stringValue()).isEqualTo("2026-10-31");
        assertThat(document.get("status").stringValue()).isEqualTo("ok");
        assertThat(plan.at("/after/rate_structure/energy/type").stringValue()).isEqualTo("tiered");
        assertThat(plan.at("/after/rate_structure/energy/tiers/1/up_to_kwh").isNull()).isTrue();
    }

    @Test
    void insufficientUsageDocumentKeepsItsNullMembers() {
        JsonNode document = Json.mapper().valueToTree(valueLabelled("insufficient usage"));

        assertThat(document.get("as_of").isNull()).isTrue();
        assertThat(document.get("current_plan").isNull()).isTrue();
        assertThat(document.get("status").stringValue()).isEqualTo(RecommendationDocument.Status.insufficient_usage.name());
        assertThat(document.get("recommendations").isEmpty()).isTrue();
    }

    @Test
    void unreadableValuesFailWithASerializationException() {
        byte[] wrongType = "{\"op\":\"c\",\"plan_id\":\"p\",\"before\":null,\"after\":null,\"source\":{\"lsn\":\"not a number\"}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] truncated = "{\"op\":\"c\",\"plan_id\":".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.PLANS.valueSerde().deserializer().deserialize(Topics.PLANS.name(), wrongType))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("PlanChange");
        assertThatThrownBy(() -> Topics.PLANS.valueSerde().deserializer().deserialize(Topics.PLANS.name(), truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void membersAddedByANewerProducerAreIgnoredByOlderConsumers() {
        byte[] withNewMember = "{\"op\":\"d\",\"plan_id\":\"p\",\"before\":null,\"after\":null,\"source\":null,\"added_later\":1}"
                .getBytes(StandardCharsets.UTF_8);

        PlanChange change = Topics.PLANS.valueSerde().deserializer().deserialize(Topics.PLANS.name(), withNewMember);

        assertThat(change.planId()).isEqualTo("p");
        assertThat(change.op()).isEqualTo(ChangeOp.DELETE);
    }

    private static Object valueLabelled(String label) {
        return topicValues().filter(a -> a.get()[2].equals(label)).findFirst().orElseThrow().get()[1];
    }

    @SuppressWarnings("unchecked")
    private static byte[] serialize(Topic<String, ?> topic, Object value) {
        return ((Topic<String, Object>) topic).valueSerde().serializer().serialize(topic.name(), value);
    }

    @SuppressWarnings("unchecked")
    private static JsonSerde<Object> jsonSerdeOf(Object value) {
        return (JsonSerde<Object>) JsonSerde.of(value.getClass());
    }

    /** Walks the record and its JSON together: every component is written under its snake_case name, null as null. */
    private static void assertComponentsWritten(Object value, JsonNode json, String path) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                String key = snakeCase(component.getName());
                assertThat(json.has(key)).as("%s/%s is written", path, key).isTrue();
                Object member = read(component, record);
                if (member == null) {
                    assertThat(json.get(key).isNull()).as("%s/%s is null", path, key).isTrue();
                } else {
                    assertComponentsWritten(member, json.get(key), path + "/" + key);
                }
            }
        } else if (value instanceof List<?> list) {
            assertThat(json.size()).isEqualTo(list.size());
            for (int i = 0; i < list.size(); i++) {
                assertComponentsWritten(list.get(i), json.get(i), path + "/" + i);
            }
        }
    }

    private static void assertNamesAreSnakeCase(JsonNode json, String path) {
        if (json.isObject()) {
            for (String name : json.propertyNames()) {
                assertThat(name).as("name at %s", path).matches(SNAKE_CASE);
                assertNamesAreSnakeCase(json.get(name), path + "/" + name);
            }
        } else if (json.isArray()) {
            for (JsonNode item : json.values()) {
                assertNamesAreSnakeCase(item, path + "/*");
            }
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component, e);
        }
    }

    private static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
