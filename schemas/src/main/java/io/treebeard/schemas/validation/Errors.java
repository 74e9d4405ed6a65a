package io.treebeard.schemas.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the errors of one validation run; one instance per call, not shared between threads. */
final class Errors {

    private final List<FieldError> list = new ArrayList<>();

    void add(String field, String reason) {
        list.add(new FieldError(field, reason));
    }

    /** How many errors were recorded so far; callers compare counts to see whether a part added any. */
    int count() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The result: the built value when nothing was recorded, else every error. */
    <T> ValidationResult<T> result(Supplier<T> value) {
        return list.isEmpty() ? ValidationResult.valid(value.get()) : ValidationResult.invalid(list);
    }

    /** The path of a member of the value at {@code prefix}. */
    static String child(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** The path of an array element of the value at {@code prefix}. */
    static String item(String prefix, int index) {
        return (prefix.isEmpty() ? FieldError.ROOT : prefix) + "[" + index + "]";
    }

    /** The name of the value at {@code prefix} itself. */
    static String self(String prefix) {
        return prefix.isEmpty() ? FieldError.ROOT : prefix;
    }
}
