package io.treebeard.chaos;

/** A write's outcome as its producer saw it. */
enum Outcome {
    /** 2xx from the write API, or a committed SQL transaction. */
    ACKNOWLEDGED,
    /** A definite refusal (4xx, a constraint violation): nothing may have been written. */
    REJECTED,
    /** No answer or 5xx (connection refused, timeout, lost connection during commit): either outcome is allowed. */
    ERRORED
}
