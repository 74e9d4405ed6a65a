package io.treebeard.ingest.api;

import io.treebeard.schemas.model.UsageReading;
import java.util.List;

/**
 * A parsed usage batch: the valid rows, and an error for every invalid one. The batch is written only when
 * {@link #errors()} is empty (all or nothing).
 */
public record UsageBatch(List<UsageReading> rows, List<RowError> errors, int size) {

    public UsageBatch {
        rows = List.copyOf(rows);
        errors = List.copyOf(errors);
    }
}
