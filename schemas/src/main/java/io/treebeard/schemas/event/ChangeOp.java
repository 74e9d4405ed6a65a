package io.treebeard.schemas.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of a captured row change. */
public enum ChangeOp {
    /** A row read by the initial snapshot. */
    READ("r"),
    /** An inserted row. */
    CREATE("c"),
    /** An updated row. */
    UPDATE("u"),
    /** A deleted row. */
    DELETE("d");

    private final String code;

    ChangeOp(String code) {
        this.code = code;
    }

    /** The one-letter code used on the wire, as Debezium does. */
    @JsonValue
    public String code() {
        return code;
    }

    /** True for the operations after which the row exists. */
    public boolean isUpsert() {
        return this != DELETE;
    }
}
