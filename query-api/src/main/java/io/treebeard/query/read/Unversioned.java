package io.treebeard.query.read;

import io.treebeard.schemas.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A document the read path computed itself, serialised with {@code "version": null}: the pipeline has not assigned it
 * a version yet, and a made-up number would later name a different content (contract section 4). The field keeps its
 * place, so the body has the same field order as a projected document.
 */
final class Unversioned {

    private Unversioned() {
    }

    static byte[] json(Object document) {
        JsonNode node = Json.mapper().valueToTree(document);
        if (!(node instanceof ObjectNode tree) || !tree.has("version")) {
            throw new IllegalArgumentException(document.getClass().getSimpleName() + " has no version field");
        }
        tree.putNull("version");
        return Json.mapper().writeValueAsBytes(tree);
    }
}
