package io.treebeard.schemas.validation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks of single JSON values. Each check records at most one error for its field and returns null when it recorded
 * one, so that a later rule comparing two fields only runs on valid operands.
 */
final class Values {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Values() {
    }

    /**
     * The exact value of a JSON number. Doubles go through their shortest decimal form, so {@code 0.1} parsed as a
     * double is 0.1 and not its binary expansion. Strings such as {@code "0.1"} are not numbers.
     */
    static BigDecimal decimal(JsonNode node, String field, Errors errors) {
        if (!node.isNumber()) {
            errors.add(field, "must be a number");
            return null;
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            double value = node.doubleValue();
            if (!Double.isFinite(value)) {
                errors.add(field, "must be a finite number");
                return null;
            }
            return BigDecimal.valueOf(value);
        }
        return node.decimalValue();
    }

    /**
     * A JSON number as a finite double, at least {@code min} (or strictly above it when {@code exclusive}) and at most
     * {@code max} ({@link InputBounds}).
     */
    static Double number(JsonNode node, String field, double min, boolean exclusive, double max, Errors errors) {
        BigDecimal value = decimal(node, field, errors);
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            errors.add(field, "must be a finite number");
            return null;
        }
        boolean tooSmall = exclusive ? d <= min : d < min;
        if (tooSmall) {
            errors.add(field, (exclusive ? "must be > " : "must be >= ") + format(min));
            return null;
        }
        if (d > max) {
            errors.add(field, "must be <= " + format(max));
            return null;
        }
        return d;
    }

    /** A JSON number as a finite double in {@code [min, max]}. */
    static Double between(JsonNode node, String field, double min, double max, Errors errors) {
        BigDecimal value = decimal(node, field, errors);
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        if (!(d >= min && d <= max)) {
            errors.add(field, "must be between " + format(min) + " and " + format(max));
            return null;
        }
        return d;
    }

    /**
     * A JSON number >= 0 with at most {@code scale} decimals and at most {@code max} (or below it unless
     * {@code maxInclusive}), scaled to {@code scale} like the {@code numeric} column that stores it.
     */
    static BigDecimal scaled(JsonNode node, String field, int scale, BigDecimal max, boolean maxInclusive, Errors errors) {
        BigDecimal value = decimal(node, field, errors);
        if (value == null) {
            return null;
        }
        int vsMax = value.compareTo(max);
        if (maxInclusive && (value.signum() < 0 || vsMax > 0)) {
            errors.add(field, "must be between 0 and " + max.toPlainString());
        } else if (value.signum() < 0) {
            errors.add(field, "must be >= 0");
        } else if (!maxInclusive && vsMax >= 0) {
            errors.add(field, "must be < " + max.toPlainString());
        } else if (value.stripTrailingZeros().scale() > scale) {
            errors.add(field, "must have at most " + scale + " decimals");
        } else {
            return value.setScale(scale);
        }
        return null;
    }

    /**
     * A JSON number in {@code [0, max]} with at most {@code scale} decimals, scaled to {@code scale}; a negative number is
     * reported as such rather than as out of range.
     */
    static BigDecimal scaledAtMost(JsonNode node, String field, int scale, BigDecimal max, Errors errors) {
        BigDecimal value = decimal(node, field, errors);
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            errors.add(field, "must be >= 0");
            return null;
        }
        if (value.compareTo(max) > 0) {
            errors.add(field, "must be <= " + max.toPlainString());
            return null;
        }
        return scaled(node, field, scale, max, true, errors);
    }

    /** A JSON number without a fractional part in {@code [min, max]}; {@code 12.0} counts as an integer. */
    static Integer integer(JsonNode node, String field, int min, int max, Errors errors) {
        if (!node.isNumber()) {
            errors.add(field, "must be an integer");
            return null;
        }
        BigDecimal value = decimal(node, field, errors);
        if (value == null) {
            return null;
        }
        if (value.stripTrailingZeros().scale() > 0) {
            errors.add(field, "must be an integer");
            return null;
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(field, max == Integer.MAX_VALUE ? "must be an integer >= " + min : "must be between " + min + " and " + max);
            return null;
        }
        return value.intValueExact();
    }

    /** A string that is not blank. */
    static String nonBlank(JsonNode node, String field, Errors errors) {
        if (!node.isString()) {
            errors.add(field, "must be a string");
            return null;
        }
        if (node.stringValue().isBlank()) {
            errors.add(field, "must not be blank");
            return null;
        }
        return node.stringValue();
    }

    /** A string that is not blank and has at most {@code maxChars} characters (code points). */
    static String text(JsonNode node, String field, int maxChars, Errors errors) {
        String value = nonBlank(node, field, errors);
        if (value != null && value.codePointCount(0, value.length()) > maxChars) {
            errors.add(field, "must be at most " + maxChars + " characters");
            return null;
        }
        return value;
    }

    /** True when the array {@code node} has at most {@code max} items; else records why under {@code field}. */
    static boolean atMost(JsonNode node, String field, int max, String items, Errors errors) {
        if (node.size() > max) {
            errors.add(field, "must have at most " + max + " " + items);
            return false;
        }
        return true;
    }

    /** A string that is a valid identifier ({@link Identifiers}). */
    static String identifier(JsonNode node, String field, Errors errors) {
        if (!node.isString() || !Identifiers.isValid(node.stringValue())) {
            errors.add(field, Identifiers.REASON);
            return null;
        }
        return node.stringValue();
    }

    /** A string holding a calendar date as {@code yyyy-MM-dd}. */
    static LocalDate date(JsonNode node, String field, Errors errors) {
        if (node.isString() && DATE.matcher(node.stringValue()).matches()) {
            try {
                return LocalDate.parse(node.stringValue(), DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                // Shaped like a date but not one, e.g. 2026-02-30: say so rather than repeat the format.
                errors.add(field, "must be a valid date yyyy-MM-dd");
                return null;
            }
        }
        errors.add(field, "must be a date yyyy-MM-dd");
        return null;
    }

    /** A JSON boolean. */
    static Boolean bool(JsonNode node, String field, Errors errors) {
        if (!node.isBoolean()) {
            errors.add(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
