package io.treebeard.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.json.JsonSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The current schemas do not break consumers of the frozen baseline under {@code schema-baseline/}. */
class SchemaBaselineCompatibilityTest {

    private static final String BASELINE = "schema-baseline";

    static Stream<String> names() {
        return JsonSchemas.names().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void currentSchemaIsCompatibleWithItsBaseline(String name) throws IOException {
        assertThat(SchemaCompatibility.check(baseline(name), JsonSchemas.loadByName(name))).isEmpty();
    }

    @Test
    void everyBaselineSchemaStillExists() throws IOException, URISyntaxException {
        Path directory = Path.of(Objects.requireNonNull(getClass().getClassLoader().getResource(BASELINE)).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".schema.json")))
                    .containsExactlyInAnyOrderElementsOf(JsonSchemas.names().stream().map(n -> n + ".schema.json").toList());
        }
    }

    private static JsonNode baseline(String name) throws IOException {
        try (InputStream in = SchemaBaselineCompatibilityTest.class.getClassLoader()
                .getResourceAsStream(BASELINE + "/" + name + ".schema.json")) {
            return Json.mapper().readTree(Objects.requireNonNull(in, "baseline of " + name));
        }
    }
}
