package io.treebeard.schemas.validation;

import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.RateStructure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates the body of {@code PUT /api/v1/plans/{plan_id}} (contract section 6): the columns of {@code plan_catalog}
 * but {@code plan_id} (taken from the path) and {@code updated_at} (set by the server). Required: provider, name,
 * available_regions, is_active, rate_structure, renewable_percentage, contract_months; optional:
 * early_termination_fee (default 0). Unknown keys are rejected.
 */
public final class PlanValidator {

    private static final Set<String> KEYS = Set.of("provider", "name", "available_regions", "is_active", "rate_structure",
            "renewable_percentage", "contract_months", "early_termination_fee");
    private static final Map<String, String> MISPLACED = Map.of(
            "plan_id", "must not be in the body: the plan id is taken from the path",
            "updated_at", "must not be in the body: it is set by the server");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal NO_FEE = BigDecimal.ZERO.setScale(2);

    private PlanValidator() {
    }

    /**
     * The plan the request describes, or every rule it breaks.
     *
     * @param planId    the id from the path, reported as {@code plan_id} when malformed
     * @param body      the parsed request body
     * @param updatedAt the time the write is accepted, stored as {@code updated_at}
     */
    public static ValidationResult<Plan> parse(String planId, JsonNode body, Instant updatedAt) {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Errors errors = new Errors();
        Identifiers.check("plan_id", planId).ifPresent(e -> errors.add(e.field(), e.reason()));
        Fields fields = Fields.of(body, "", errors);
        if (fields == null) {
            return errors.result(() -> null);
        }
        fields.allowOnly(KEYS, MISPLACED);
        String provider = fields.required("provider", PlanValidator::text);
        String name = fields.required("name", PlanValidator::text);
        List<String> regions = fields.required("available_regions", PlanValidator::regions);
        Boolean isActive = fields.required("is_active", Values::bool);
        RateStructure rateStructure = fields.required("rate_structure", RateStructureValidator::read);
        BigDecimal renewablePct = fields.required("renewable_percentage", (n, f, e) -> Values.scaled(n, f, 2, HUNDRED, true, e));
        Integer contractMonths = fields.required("contract_months", (n, f, e) -> Values.integer(n, f, 0, Integer.MAX_VALUE, e));
        BigDecimal etf = fields.optional("early_termination_fee",
                (n, f, e) -> Values.scaledAtMost(n, f, 2, InputBounds.MAX_MONEY_DECIMAL, e), NO_FEE);
        return errors.result(() -> new Plan(planId, provider, name, regions, isActive, rateStructure, renewablePct, contractMonths,
                etf, updatedAt));
    }

    /**
     * A stored {@code plan_catalog} row checked by the same rules as a write, for rows that did not come through the
     * API (direct SQL): the change capture and the read path serve a plan only when the API would have accepted it.
     *
     * @param rateStructure the {@code rate_structure} column, parsed
     */
    public static ValidationResult<Plan> ofColumns(String planId, String provider, String name, List<String> regions,
            Boolean isActive, JsonNode rateStructure, BigDecimal renewablePct, Integer contractMonths, BigDecimal etf,
            Instant updatedAt) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("provider", provider);
        body.put("name", name);
        ArrayNode array = body.putArray("available_regions");
        regions.forEach(array::add);
        body.put("is_active", isActive);
        body.set("rate_structure", rateStructure);
        body.put("renewable_percentage", renewablePct);
        body.put("contract_months", contractMonths);
        body.put("early_termination_fee", etf);
        return parse(planId, body, updatedAt);
    }

    /** A name or provider: not blank, at most {@link InputBounds#MAX_TEXT_CHARS} characters. */
    private static String text(JsonNode node, String path, Errors errors) {
        return Values.text(node, path, InputBounds.MAX_TEXT_CHARS, errors);
    }

    /** A non-empty array of at most {@link InputBounds#MAX_REGIONS} distinct identifiers. */
    private static List<String> regions(JsonNode node, String path, Errors errors) {
        if (!node.isArray()) {
            errors.add(path, "must be an array");
            return null;
        }
        if (node.isEmpty()) {
            errors.add(path, "must not be empty");
            return null;
        }
        if (!Values.atMost(node, path, InputBounds.MAX_REGIONS, "regions", errors)) {
            return null;
        }
        List<String> regions = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String region = Values.identifier(node.get(i), Errors.item(path, i), errors);
            Integer first = region == null ? null : seen.putIfAbsent(region, i);
            if (first != null) {
                errors.add(Errors.item(path, i), "duplicate of " + Errors.item(path, first));
            }
            regions.add(region);
        }
        return regions;
    }
}
