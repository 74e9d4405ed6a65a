package io.treebeard.schemas;

import io.treebeard.schemas.json.Json;
import tools.jackson.databind.JsonNode;

/** Test helper: JSON written with single quotes, so that test documents stay readable inside Java strings. */
public final class TestJson {

    private TestJson() {
    }

    /** Parses {@code json} after turning every single quote into a double quote. */
    public static JsonNode tree(String json) {
        return Json.mapper().readTree(json.replace('\'', '"'));
    }
}
