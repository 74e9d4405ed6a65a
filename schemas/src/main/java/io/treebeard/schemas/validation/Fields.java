package io.treebeard.schemas.validation;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the members of one JSON object at a path, recording an error for every rule a member breaks. A member that is
 * missing or JSON null is absent: fine when optional, "is required" when required.
 */
final class Fields {

    static final String REQUIRED = "is required";
    static final String UNKNOWN = "unknown field";

    private final JsonNode node;
    private final String prefix;
    private final Errors errors;

    private Fields(JsonNode node, String prefix, Errors errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The members of {@code node}, or null after recording an error when {@code node} is not an object. */
    static Fields of(JsonNode node, String prefix, Errors errors) {
        if (node == null || !node.isObject()) {
            errors.add(Errors.self(prefix), "must be an object");
            return null;
        }
        return new Fields(node, prefix, errors);
    }

    /** Records an "unknown field" error for each member not in {@code allowed}. */
    void allowOnly(Set<String> allowed) {
        allowOnly(allowed, Map.of());
    }

    /** Like {@link #allowOnly(Set)}, with a more helpful reason for some well-known wrong members. */
    void allowOnly(Set<String> allowed, Map<String, String> reasons) {
        for (String key : node.propertyNames()) {
            if (!allowed.contains(key)) {
                errors.add(path(key), reasons.getOrDefault(key, UNKNOWN));
            }
        }
    }

    /** The path of member {@code key}. */
    String path(String key) {
        return Errors.child(prefix, key);
    }

    /** The member, or null when it is missing or JSON null. */
    JsonNode optional(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** The member, or null after recording "is required" when it is missing or JSON null. */
    JsonNode required(String key) {
        return required(key, REQUIRED);
    }

    /** Like {@link #required(String)} with another reason for the missing member. */
    JsonNode required(String key, String reasonWhenMissing) {
        JsonNode value = optional(key);
        if (value == null) {
            errors.add(path(key), reasonWhenMissing);
        }
        return value;
    }

    /** A required member checked by {@code check}; null when missing or invalid (an error was recorded). */
    <T> T required(String key, Check<T> check) {
        JsonNode value = required(key);
        return value == null ? null : check.apply(value, path(key), errors);
    }

    /** An optional member checked by {@code check}; {@code absent} when missing or JSON null, null when invalid. */
    <T> T optional(String key, Check<T> check, T absent) {
        JsonNode value = optional(key);
        return value == null ? absent : check.apply(value, path(key), errors);
    }

    /** A required number in {@code [min, max]}. */
    Double requiredNumber(String key, double min, double max) {
        JsonNode value = required(key);
        return value == null ? null : Values.number(value, path(key), min, false, max, errors);
    }

    /** An optional number in {@code [min, max]}; null when absent or invalid. */
    Double optionalNumber(String key, double min, double max) {
        JsonNode value = optional(key);
        return value == null ? null : Values.number(value, path(key), min, false, max, errors);
    }

    Errors errors() {
        return errors;
    }

    /**
     * A check of one member's value: returns the converted value, or null after recording an error.
     *
     * @param <T> the converted type
     */
    @FunctionalInterface
    interface Check<T> {
        T apply(JsonNode value, String field, Errors errors);
    }
}
