package io.treebeard.schemas.validation;

import io.treebeard.schemas.model.UsageReading;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates one row of {@code POST /api/v1/usage} (contract sections 1 and 6):
 * {@code {"user_id", "usage_date", "kwh", "peak_kwh"?}}. {@code kwh} is a number in [0, 10^7) with at most 3 decimals;
 * {@code peak_kwh} is optional (null allowed), in [0, kwh] with at most 3 decimals. Field names carry no row index:
 * the caller knows which row it validated.
 */
public final class UsageRowValidator {

    private static final Set<String> KEYS = Set.of("user_id", "usage_date", "kwh", "peak_kwh");
    private static final BigDecimal KWH_LIMIT = InputBounds.READING_KWH_LIMIT_DECIMAL;
    private static final int KWH_SCALE = 3;

    private UsageRowValidator() {
    }

    /** The reading a JSON row describes, or every rule it breaks. */
    public static ValidationResult<UsageReading> parse(JsonNode row) {
        Errors errors = new Errors();
        Fields fields = Fields.of(row, "", errors);
        if (fields == null) {
            return errors.result(() -> null);
        }
        fields.allowOnly(KEYS);
        String userId = fields.required("user_id", Values::identifier);
        LocalDate usageDate = fields.required("usage_date", Values::date);
        BigDecimal kwh = fields.required("kwh", UsageRowValidator::kwh);
        BigDecimal peakKwh = fields.optional("peak_kwh", UsageRowValidator::kwh, null);
        if (kwh != null && peakKwh != null && peakKwh.compareTo(kwh) > 0) {
            errors.add("peak_kwh", "must be <= kwh");
        }
        return errors.result(() -> new UsageReading(userId, usageDate, kwh, peakKwh));
    }

    /**
     * Like {@link #parse(JsonNode)} for a CSV row, whose cells are text: numbers are parsed from their decimal text, and
     * an empty (or null) cell is absent.
     */
    public static ValidationResult<UsageReading> parseText(String userId, String usageDate, String kwh, String peakKwh) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        putText(row, "user_id", userId);
        putText(row, "usage_date", usageDate);
        putNumber(row, "kwh", kwh);
        putNumber(row, "peak_kwh", peakKwh);
        return parse(row);
    }

    private static BigDecimal kwh(JsonNode node, String field, Errors errors) {
        return Values.scaled(node, field, KWH_SCALE, KWH_LIMIT, false, errors);
    }

    private static void putText(ObjectNode row, String key, String cell) {
        if (cell != null && !cell.isEmpty()) {
            row.put(key, cell);
        }
    }

    private static void putNumber(ObjectNode row, String key, String cell) {
        if (cell == null || cell.isBlank()) {
            return;
        }
        try {
            row.put(key, new BigDecimal(cell.strip()));
        } catch (NumberFormatException e) {
            // Kept as text so that the row check reports "must be a number" like for a JSON string.
            row.put(key, cell);
        }
    }
}
