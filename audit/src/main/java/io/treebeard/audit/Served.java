package io.treebeard.audit;

import tools.jackson.databind.JsonNode;

/**
 * What a target serves for one document: a document, nothing (absent key, delete marker, 404), or an error.
 *
 * @param document the served document, null when absent or on error
 * @param detail   what the target said besides (e.g. {@code X-Cache-Status: HIT}, {@code delete marker v=7}); may be null
 * @param error    why nothing could be read, null unless this is an error
 */
public record Served(JsonNode document, String detail, String error) {

    /** A served document. */
    public static Served of(JsonNode document, String detail) {
        return new Served(document, detail, null);
    }

    /** Nothing served: the target treats the document as absent. */
    public static Served absent(String detail) {
        return new Served(null, detail, null);
    }

    /** The target could not be read, or what it holds is no document. */
    public static Served error(String why) {
        return new Served(null, null, why);
    }

    /** Whether a document is served. */
    public boolean present() {
        return document != null;
    }
}
