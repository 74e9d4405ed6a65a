package io.treebeard.schemas.validation;

import io.treebeard.schemas.model.Preferences;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates the {@code preferences} object of a user profile (contract section 1): every key optional,
 * {@code min_renewable_pct} a number in 0..100, {@code max_contract_months} an integer >= 0, {@code top_n} an integer in
 * 1..20, JSON null meaning absent, unknown keys rejected.
 */
public final class PreferencesValidator {

    /** The largest {@code top_n} a user may ask for. */
    public static final int MAX_TOP_N = InputBounds.MAX_TOP_N;

    private static final Set<String> KEYS = Set.of("min_renewable_pct", "max_contract_months", "top_n");

    private PreferencesValidator() {
    }

    /** The preferences {@code node} describes, or every rule it breaks, named under {@code prefix}. */
    public static ValidationResult<Preferences> parse(JsonNode node, String prefix) {
        Errors errors = new Errors();
        Preferences value = read(node, prefix, errors);
        return errors.result(() -> value);
    }

    /** Reads preferences into a shared error list; null when invalid (then errors were recorded). */
    static Preferences read(JsonNode node, String prefix, Errors errors) {
        int before = errors.count();
        Fields fields = Fields.of(node, prefix, errors);
        if (fields == null) {
            return null;
        }
        fields.allowOnly(KEYS);
        Double minRenewable = fields.optional("min_renewable_pct", (n, f, e) -> Values.between(n, f, 0, 100, e), null);
        Integer maxMonths = fields.optional("max_contract_months", (n, f, e) -> Values.integer(n, f, 0, Integer.MAX_VALUE, e), null);
        Integer topN = fields.optional("top_n", (n, f, e) -> Values.integer(n, f, 1, MAX_TOP_N, e), null);
        return errors.count() == before ? new Preferences(minRenewable, maxMonths, topN) : null;
    }
}
