package io.treebeard.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.treebeard.schemas.json.JsonSchemas;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Test helper: validates documents against TreeBeard's JSON Schemas with networknt, asserting formats too. */
public final class SchemaValidation {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaValidation() {
    }

    /** The compiled schema of a schema name of {@link JsonSchemas#names()}. */
    public static Schema schema(String schemaName) {
        return SCHEMAS.computeIfAbsent(schemaName, name -> REGISTRY.getSchema(JsonSchemas.loadByName(name)));
    }

    /** The schema violations of {@code document}, as readable messages; empty when it conforms. */
    public static List<String> violations(String schemaName, JsonNode document) {
        return schema(schemaName).validate(document).stream().map(Error::toString).toList();
    }

    /** Compiles an arbitrary schema document. */
    public static Schema compile(JsonNode schema) {
        return REGISTRY.getSchema(schema);
    }
}
