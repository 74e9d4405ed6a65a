package io.treebeard.ingest.api;

/**
 * One problem with one row of a usage batch.
 *
 * @param index  0-based position of the row in the batch (JSON array index, or CSV data line after the header)
 * @param field  the field at fault
 * @param reason why
 */
public record RowError(int index, String field, String reason) {
}
