package io.treebeard.schemas.compat;

import static io.treebeard.schemas.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.treebeard.schemas.compat.SchemaCompatibility.Kind;
import io.treebeard.schemas.compat.SchemaCompatibility.Problem;
import io.treebeard.schemas.json.JsonSchemas;
import io.treebeard.schemas.topic.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class SchemaCompatibilityTest {

    private static final String BASE = """
            {'type': 'object', 'additionalProperties': false,
             'required': ['user_id', 'status', 'annual_cost', 'as_of'],
             'properties': {
               'user_id': {'type': 'string'},
               'status': {'type': 'string', 'enum': ['ok', 'insufficient_usage']},
               'annual_cost': {'type': 'number'},
               'as_of': {'type': ['string', 'null'], 'format': 'date'},
               'note': {'type': 'string'}}}""";

    static Stream<String> names() {
        return JsonSchemas.names().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyShippedSchemaIsCompatibleWithItself(String name) {
        assertThat(SchemaCompatibility.check(JsonSchemas.loadByName(name), JsonSchemas.loadByName(name))).isEmpty();
    }

    @Test
    void acceptsAnAddedOptionalProperty() {
        ObjectNode changed = base();
        properties(changed).set("region", tree("{'type': 'string'}"));

        assertThat(SchemaCompatibility.check(base(), changed)).isEmpty();
    }

    @Test
    void acceptsRemovingAnOptionalProperty() {
        ObjectNode changed = base();
        properties(changed).remove("note");

        assertThat(SchemaCompatibility.check(base(), changed)).isEmpty();
    }

    @Test
    void flagsARemovedRequiredProperty() {
        ObjectNode changed = base();
        properties(changed).remove("annual_cost");
        required(changed).removeAll().add("user_id").add("status").add("as_of");

        assertThat(check(base(), changed)).containsExactly(tuple(Kind.REQUIRED_REMOVED, "/annual_cost"));
    }

    @Test
    void flagsARenamedPropertyAsARemoval() {
        ObjectNode changed = (ObjectNode) tree(BASE.replace("annual_cost", "yearly_cost"));

        assertThat(check(base(), changed)).containsExactly(tuple(Kind.REQUIRED_REMOVED, "/annual_cost"));
    }

    @Test
    void flagsARequiredPropertyThatBecameOptional() {
        ObjectNode changed = base();
        required(changed).removeAll().add("user_id").add("status").add("as_of");

        List<Problem> problems = SchemaCompatibility.check(base(), changed);

        assertThat(problems).extracting(Problem::kind, Problem::path).containsExactly(tuple(Kind.NO_LONGER_REQUIRED, "/annual_cost"));
        assertThat(problems.get(0)).hasToString("/annual_cost: property is no longer required");
    }

    @Test
    void flagsATypeChange() {
        ObjectNode changed = base();
        properties(changed).set("annual_cost", tree("{'type': 'string'}"));

        List<Problem> problems = SchemaCompatibility.check(base(), changed);

        assertThat(problems).extracting(Problem::kind, Problem::path).containsExactly(tuple(Kind.TYPE_CHANGED, "/annual_cost"));
        assertThat(problems.get(0).message()).isEqualTo("type changed from [number] to [string]");
    }

    @Test
    void flagsBothWideningToNullAndNarrowingFromNull() {
        ObjectNode widened = base();
        properties(widened).set("annual_cost", tree("{'type': ['number', 'null']}"));
        ObjectNode narrowed = base();
        properties(narrowed).set("as_of", tree("{'type': 'string', 'format': 'date'}"));

        assertThat(check(base(), widened)).containsExactly(tuple(Kind.TYPE_CHANGED, "/annual_cost"));
        assertThat(check(base(), narrowed)).containsExactly(tuple(Kind.TYPE_CHANGED, "/as_of"));
    }

    @Test
    void flagsIntegerBecomingNumberAndAFormatChange() {
        ObjectNode changed = base();
        properties(changed).set("as_of", tree("{'type': ['string', 'null'], 'format': 'date-time'}"));

        assertThat(check(base(), changed)).containsExactly(tuple(Kind.FORMAT_CHANGED, "/as_of"));
        assertThat(check(tree("{'type': 'integer'}"), tree("{'type': 'number'}"))).containsExactly(tuple(Kind.TYPE_CHANGED, ""));
    }

    @Test
    void flagsAnEnumThatLostOrGainedValues() {
        ObjectNode lost = base();
        properties(lost).set("status", tree("{'type': 'string', 'enum': ['ok']}"));
        ObjectNode gained = base();
        properties(gained).set("status", tree("{'type': 'string', 'enum': ['ok', 'insufficient_usage', 'stale']}"));

        assertThat(SchemaCompatibility.check(base(), lost)).extracting(Problem::kind, Problem::path, Problem::message)
                .containsExactly(tuple(Kind.ENUM_VALUES_REMOVED, "/status", "allowed values lost [\"insufficient_usage\"]"));
        assertThat(check(base(), gained)).containsExactly(tuple(Kind.ENUM_VALUES_ADDED, "/status"));
    }

    @Test
    void acceptsAReorderedEnum() {
        ObjectNode changed = base();
        properties(changed).set("status", tree("{'type': 'string', 'enum': ['insufficient_usage', 'ok']}"));

        assertThat(SchemaCompatibility.check(base(), changed)).isEmpty();
    }

    @Test
    void reportsEveryProblemOfAChangeTogether() {
        ObjectNode changed = (ObjectNode) tree("""
                {'type': 'object', 'required': ['user_id'],
                 'properties': {'user_id': {'type': 'integer'}, 'status': {'type': 'string'}, 'annual_cost': {'type': 'number'}}}""");

        assertThat(check(base(), changed)).containsExactlyInAnyOrder(
                tuple(Kind.NO_LONGER_REQUIRED, "/status"),
                tuple(Kind.NO_LONGER_REQUIRED, "/annual_cost"),
                tuple(Kind.REQUIRED_REMOVED, "/as_of"),
                tuple(Kind.TYPE_CHANGED, "/user_id"));
    }

    @Test
    void recursesIntoNestedObjectsAndArrayItems() {
        JsonNode old = tree("""
                {'type': 'object', 'required': ['window'], 'properties': {'window': {'type': 'array', 'items':
                  {'type': 'object', 'required': ['month', 'kwh'],
                   'properties': {'month': {'type': 'string'}, 'kwh': {'type': 'number'}}}}}}""");
        JsonNode changed = tree("""
                {'type': 'object', 'required': ['window'], 'properties': {'window': {'type': 'array', 'items':
                  {'type': 'object', 'required': ['month'],
                   'properties': {'month': {'type': 'integer'}, 'kwh': {'type': 'number'}}}}}}""");

        assertThat(check(old, changed)).containsExactlyInAnyOrder(
                tuple(Kind.NO_LONGER_REQUIRED, "/window/*/kwh"),
                tuple(Kind.TYPE_CHANGED, "/window/*/month"));
    }

    @Test
    void followsRefsIntoDefsAndReportsEachReferringPlace() {
        JsonNode old = JsonSchemas.load(Topics.PLANS);
        ObjectNode changed = (ObjectNode) old.deepCopy();
        ObjectNode plan = (ObjectNode) changed.get("$defs").get("plan");
        ((ObjectNode) plan.get("properties")).set("contract_months", tree("{'type': 'number'}"));

        assertThat(check(old, changed)).containsExactlyInAnyOrder(
                tuple(Kind.TYPE_CHANGED, "/before/contract_months"),
                tuple(Kind.TYPE_CHANGED, "/after/contract_months"));
    }

    @Test
    void comparesOneOfVariantsByTheirDiscriminator() {
        JsonNode old = JsonSchemas.load(Topics.PLANS);
        ObjectNode changed = (ObjectNode) old.deepCopy();
        ArrayNode energies = (ArrayNode) changed.at("/$defs/rate_structure/properties/energy/oneOf");
        JsonNode tou = energies.remove(2);
        energies.insert(0, tou);
        ((ObjectNode) energies.get(2).at("/properties/tiers/items/properties")).set("up_to_kwh", tree("{'type': 'number'}"));

        assertThat(check(old, changed)).containsExactlyInAnyOrder(
                tuple(Kind.TYPE_CHANGED, "/before/rate_structure/energy[type=tiered]/tiers/*/up_to_kwh"),
                tuple(Kind.TYPE_CHANGED, "/after/rate_structure/energy[type=tiered]/tiers/*/up_to_kwh"));
    }

    @Test
    void flagsRemovedAndAddedVariants() {
        JsonNode old = tree("""
                {'oneOf': [{'properties': {'type': {'const': 'flat'}}}, {'properties': {'type': {'const': 'tou'}}}]}""");
        JsonNode changed = tree("""
                {'oneOf': [{'properties': {'type': {'const': 'flat'}}}, {'properties': {'type': {'const': 'block'}}}]}""");

        assertThat(check(old, changed)).containsExactly(
                tuple(Kind.VARIANT_REMOVED, "[type=tou]"),
                tuple(Kind.VARIANT_ADDED, "[type=block]"));
    }

    @Test
    void refusesRefsItCannotFollow() {
        JsonNode external = tree("{'properties': {'a': {'$ref': 'https://example.com/a.json'}}}");
        JsonNode dangling = tree("{'properties': {'a': {'$ref': '#/$defs/missing'}}}");

        assertThatThrownBy(() -> SchemaCompatibility.check(external, external)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://example.com/a.json");
        assertThatThrownBy(() -> SchemaCompatibility.check(dangling, dangling)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#/$defs/missing");
    }

    @Test
    void stopsOnRecursiveSchemas() {
        JsonNode tree = tree("""
                {'$ref': '#/$defs/node', '$defs': {'node': {'type': 'object', 'required': ['children'],
                  'properties': {'children': {'type': 'array', 'items': {'$ref': '#/$defs/node'}}}}}}""");

        assertThat(SchemaCompatibility.check(tree, tree)).isEmpty();
    }

    private static List<Tuple> check(JsonNode old, JsonNode changed) {
        return SchemaCompatibility.check(old, changed).stream().map(p -> tuple(p.kind(), p.path())).toList();
    }

    private static ObjectNode base() {
        return (ObjectNode) tree(BASE);
    }

    private static ObjectNode properties(ObjectNode schema) {
        return (ObjectNode) schema.get("properties");
    }

    private static ArrayNode required(ObjectNode schema) {
        return (ArrayNode) schema.get("required");
    }
}
