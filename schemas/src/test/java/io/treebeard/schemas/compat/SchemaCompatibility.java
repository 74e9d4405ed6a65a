package io.treebeard.schemas.compat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares an old and a new JSON Schema of a topic value and reports the changes that break consumers built against
 * the old one, or that break reading the records the old one allowed (compacted topics keep them):
 * <ul>
 *   <li>a required property removed or renamed (a rename is a removal), or no longer required;</li>
 *   <li>any change of a property's {@code type} set, narrowing or widening (a consumer that never saw null breaks on
 *       null); also any change of {@code format};</li>
 *   <li>any change of a closed value set: {@code enum} (or {@code const}, a one-value enum) losing or gaining values,
 *       since consumers map them onto Java enums;</li>
 *   <li>a {@code oneOf} variant, told apart by the {@code const} of one of its properties, removed or added.</li>
 * </ul>
 * Adding an optional property, or a property to a schema, is accepted: note that consumers deserialising with
 * {@code Json.mapper()} reject unknown properties, so such a change needs consumers upgraded before producers.
 * The check recurses through {@code properties}, {@code items}, {@code oneOf} and local {@code $ref}s
 * ({@code #/$defs/...}, whose sibling keywords override the target's). Other keywords (ranges, patterns,
 * {@code anyOf}, {@code allOf}) are not compared. Paths are JSON pointers into the document the schema describes; an
 * array item is {@code *} and a oneOf variant is appended as {@code [type=flat]}, e.g.
 * <code>/after/rate_structure/energy[type=tiered]/tiers/&#42;/up_to_kwh</code>.
 */
public final class SchemaCompatibility {

    /** What kind of breaking change a problem is. */
    public enum Kind {
        /** A required property is gone (removed or renamed). */
        REQUIRED_REMOVED,
        /** A property is still described but no longer required. */
        NO_LONGER_REQUIRED,
        /** The set of JSON types changed, or array items are no longer described. */
        TYPE_CHANGED,
        /** The string format changed. */
        FORMAT_CHANGED,
        /** An enum or const lost values, or a value set was introduced where any value was allowed. */
        ENUM_VALUES_REMOVED,
        /** An enum gained values old consumers cannot map. */
        ENUM_VALUES_ADDED,
        /** A oneOf variant was removed. */
        VARIANT_REMOVED,
        /** A oneOf variant was added. */
        VARIANT_ADDED
    }

    /**
     * One breaking change.
     *
     * @param kind    what broke
     * @param path    where, as a JSON pointer into the described document ("" for the document itself)
     * @param message a human-readable description
     */
    public record Problem(Kind kind, String path, String message) {

        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return (path.isEmpty() ? "(document)" : path) + ": " + message;
        }
    }

    private static final int MAX_REF_HOPS = 32;

    private final JsonNode oldRoot;
    private final JsonNode newRoot;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> activeRefs = new HashSet<>();

    private SchemaCompatibility(JsonNode oldRoot, JsonNode newRoot) {
        this.oldRoot = Objects.requireNonNull(oldRoot, "oldSchema");
        this.newRoot = Objects.requireNonNull(newRoot, "newSchema");
    }

    /**
     * Every change from {@code oldSchema} to {@code newSchema} that breaks existing consumers; empty when compatible.
     *
     * @throws IllegalArgumentException when a schema has a {@code $ref} that is not local or does not resolve
     */
    public static List<Problem> check(JsonNode oldSchema, JsonNode newSchema) {
        SchemaCompatibility comparison = new SchemaCompatibility(oldSchema, newSchema);
        comparison.compare(oldSchema, newSchema, "");
        return List.copyOf(comparison.problems);
    }

    private void compare(JsonNode oldNode, JsonNode newNode, String path) {
        String refs = ref(oldNode) + " -> " + ref(newNode);
        boolean viaRef = !refs.equals(" -> ");
        if (viaRef && !activeRefs.add(refs)) {
            return; // a recursive schema: this pair of definitions is already being compared further up
        }
        JsonNode o = resolve(oldNode, oldRoot, path);
        JsonNode n = resolve(newNode, newRoot, path);
        compareTypes(o, n, path);
        compareValues(o, n, path);
        compareFormat(o, n, path);
        if (o.has("properties") || o.has("required")) {
            compareMembers(o, n, path);
        }
        if (o.path("items").isObject()) {
            compareItems(o, n, path);
        }
        if (o.path("oneOf").isArray()) {
            compareVariants(o, n, path);
        }
        if (viaRef) {
            activeRefs.remove(refs);
        }
    }

    private void compareTypes(JsonNode o, JsonNode n, String path) {
        Set<String> oldTypes = types(o);
        Set<String> newTypes = types(n);
        if (!oldTypes.equals(newTypes)) {
            report(Kind.TYPE_CHANGED, path, "type changed from " + describe(oldTypes) + " to " + describe(newTypes));
        }
    }

    private void compareValues(JsonNode o, JsonNode n, String path) {
        Set<JsonNode> oldValues = values(o);
        Set<JsonNode> newValues = values(n);
        if (newValues == null) {
            return; // any value is accepted now: nothing an old record holds is refused
        }
        if (oldValues == null) {
            report(Kind.ENUM_VALUES_REMOVED, path, "values are now restricted to " + newValues);
            return;
        }
        Set<JsonNode> removed = new LinkedHashSet<>(oldValues);
        removed.removeAll(newValues);
        Set<JsonNode> added = new LinkedHashSet<>(newValues);
        added.removeAll(oldValues);
        if (!removed.isEmpty()) {
            report(Kind.ENUM_VALUES_REMOVED, path, "allowed values lost " + removed);
        }
        if (!added.isEmpty()) {
            report(Kind.ENUM_VALUES_ADDED, path, "allowed values gained " + added + ", which existing consumers cannot map");
        }
    }

    private void compareFormat(JsonNode o, JsonNode n, String path) {
        String oldFormat = o.path("format").asString(null);
        String newFormat = n.path("format").asString(null);
        if (!Objects.equals(oldFormat, newFormat)) {
            report(Kind.FORMAT_CHANGED, path, "format changed from " + oldFormat + " to " + newFormat);
        }
    }

    private void compareMembers(JsonNode o, JsonNode n, String path) {
        Set<String> newRequired = strings(n.path("required"));
        JsonNode newProperties = n.path("properties");
        for (String name : strings(o.path("required"))) {
            if (!newProperties.has(name) && !newRequired.contains(name)) {
                report(Kind.REQUIRED_REMOVED, child(path, name), "required property was removed or renamed");
            } else if (!newRequired.contains(name)) {
                report(Kind.NO_LONGER_REQUIRED, child(path, name), "property is no longer required");
            }
        }
        JsonNode oldProperties = o.path("properties");
        for (String name : oldProperties.propertyNames()) {
            if (newProperties.has(name)) {
                compare(oldProperties.get(name), newProperties.get(name), child(path, name));
            }
        }
    }

    private void compareItems(JsonNode o, JsonNode n, String path) {
        if (n.path("items").isObject()) {
            compare(o.get("items"), n.get("items"), path + "/*");
        } else {
            report(Kind.TYPE_CHANGED, path, "array items are no longer described");
        }
    }

    private void compareVariants(JsonNode o, JsonNode n, String path) {
        Map<String, JsonNode> oldVariants = variants(o.get("oneOf"), oldRoot, path);
        Map<String, JsonNode> newVariants = variants(n.path("oneOf"), newRoot, path);
        oldVariants.forEach((key, variant) -> {
            if (newVariants.containsKey(key)) {
                compare(variant, newVariants.get(key), path + "[" + key + "]");
            } else {
                report(Kind.VARIANT_REMOVED, path + "[" + key + "]", "variant was removed");
            }
        });
        newVariants.keySet().stream().filter(key -> !oldVariants.containsKey(key))
                .forEach(key -> report(Kind.VARIANT_ADDED, path + "[" + key + "]", "variant was added; existing consumers cannot read it"));
    }

    /** The variants by discriminator, {@code name=value} of a property with a const, else {@code #index}. */
    private Map<String, JsonNode> variants(JsonNode oneOf, JsonNode root, String path) {
        Map<String, JsonNode> variants = new LinkedHashMap<>();
        for (int i = 0; i < oneOf.size(); i++) {
            JsonNode variant = resolve(oneOf.get(i), root, path);
            String key = "#" + i;
            for (Map.Entry<String, JsonNode> property : variant.path("properties").properties()) {
                JsonNode constant = resolve(property.getValue(), root, path).get("const");
                if (constant != null) {
                    key = property.getKey() + "=" + (constant.isString() ? constant.stringValue() : constant.toString());
                    break;
                }
            }
            variants.put(key, variant);
        }
        return variants;
    }

    /** The node with its local {@code $ref} chain replaced by the target, sibling keywords overriding the target's. */
    private static JsonNode resolve(JsonNode node, JsonNode root, String path) {
        JsonNode current = node;
        for (int hops = 0; current.isObject() && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asString("");
            if (!ref.startsWith("#") || hops == MAX_REF_HOPS) {
                throw new IllegalArgumentException("Cannot follow $ref " + ref + " at " + path + ": only local acyclic refs are supported");
            }
            JsonNode target = root.at(ref.substring(1));
            if (!target.isObject()) {
                throw new IllegalArgumentException("Unresolvable $ref " + ref + " at " + path);
            }
            ObjectNode merged = (ObjectNode) target.deepCopy();
            current.properties().stream().filter(e -> !e.getKey().equals("$ref")).forEach(e -> merged.set(e.getKey(), e.getValue()));
            current = merged;
        }
        return current;
    }

    private static String ref(JsonNode node) {
        return node.isObject() && node.has("$ref") ? node.get("$ref").asString("") : "";
    }

    private static Set<String> types(JsonNode node) {
        JsonNode type = node.path("type");
        Set<String> types = new TreeSet<>();
        if (type.isString()) {
            types.add(type.stringValue());
        } else {
            type.values().forEach(t -> types.add(t.asString()));
        }
        return types;
    }

    /** The closed value set of a schema ({@code enum}, or {@code const} as a one-value enum), or null when open. */
    private static Set<JsonNode> values(JsonNode node) {
        if (node.path("enum").isArray()) {
            return new LinkedHashSet<>(node.get("enum").values());
        }
        return node.has("const") ? Set.of(node.get("const")) : null;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> strings = new LinkedHashSet<>();
        array.values().forEach(v -> strings.add(v.asString()));
        return strings;
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "any" : types.toString();
    }

    private static String child(String path, String name) {
        return path + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private void report(Kind kind, String path, String message) {
        problems.add(new Problem(kind, path, message));
    }
}
