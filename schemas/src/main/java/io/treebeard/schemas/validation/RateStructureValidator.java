package io.treebeard.schemas.validation;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.Energy;
import io.treebeard.schemas.model.RateStructure.Flat;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.RateStructure.Tiered;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates a {@code rate_structure} document against every rule of contract section 2 and converts it to a
 * {@link RateStructure}. All broken rules are reported, each named by its path under the caller's prefix, e.g.
 * {@code rate_structure.energy.tiers[1].up_to_kwh}. Numbers must be finite JSON numbers; a JSON null counts as absent.
 */
public final class RateStructureValidator {

    /** The energy kinds, as listed in the error for an unknown one. */
    static final String ENERGY_TYPES = "flat, tiered, tou";

    private static final Set<String> ROOT_KEYS = Set.of("monthly_fee", "energy", "bill_credits", "minimum_usage");
    private static final Set<String> FLAT_KEYS = Set.of("type", "rate");
    private static final Set<String> TIERED_KEYS = Set.of("type", "tiers");
    private static final Set<String> TOU_KEYS = Set.of("type", "peak_rate", "off_peak_rate");
    private static final Set<String> TIER_KEYS = Set.of("up_to_kwh", "rate");
    private static final Set<String> CREDIT_KEYS = Set.of("min_kwh", "max_kwh", "credit");
    private static final Set<String> MINIMUM_KEYS = Set.of("below_kwh", "fee");

    private RateStructureValidator() {
    }

    /** Every rule {@code node} breaks; empty when it is a valid rate structure. */
    public static List<FieldError> validate(JsonNode node, String prefix) {
        return parse(node, prefix).errors();
    }

    /** The rate structure {@code node} describes, or every rule it breaks. */
    public static ValidationResult<RateStructure> parse(JsonNode node, String prefix) {
        Errors errors = new Errors();
        RateStructure value = read(node, prefix, errors);
        return errors.result(() -> value);
    }

    /** Reads a rate structure into a shared error list; null when invalid (then errors were recorded). */
    static RateStructure read(JsonNode node, String prefix, Errors errors) {
        int before = errors.count();
        Fields fields = Fields.of(node, prefix, errors);
        if (fields == null) {
            return null;
        }
        fields.allowOnly(ROOT_KEYS);
        Double monthlyFee = fields.optionalNumber("monthly_fee", 0, InputBounds.MAX_MONEY);
        Energy energy = fields.required("energy", RateStructureValidator::energy);
        List<BillCredit> credits = fields.optional("bill_credits", RateStructureValidator::billCredits, List.of());
        MinimumUsage minimum = fields.optional("minimum_usage", RateStructureValidator::minimumUsage, null);
        if (errors.count() != before) {
            return null;
        }
        return new RateStructure(monthlyFee == null ? 0.0 : monthlyFee, energy, credits, minimum);
    }

    private static Energy energy(JsonNode node, String path, Errors errors) {
        Fields fields = Fields.of(node, path, errors);
        if (fields == null) {
            return null;
        }
        JsonNode type = fields.required("type");
        if (type == null) {
            return null;
        }
        String kind = type.isString() ? type.stringValue() : "";
        switch (kind) {
            case "flat":
                return flat(fields);
            case "tiered":
                return tiered(fields);
            case "tou":
                return tou(fields);
            default:
                errors.add(fields.path("type"), "must be one of " + ENERGY_TYPES);
                return null;
        }
    }

    private static Flat flat(Fields fields) {
        fields.allowOnly(FLAT_KEYS);
        Double rate = fields.requiredNumber("rate", 0, InputBounds.MAX_RATE);
        return rate == null ? null : new Flat(rate);
    }

    private static Tou tou(Fields fields) {
        fields.allowOnly(TOU_KEYS);
        Double peak = fields.requiredNumber("peak_rate", 0, InputBounds.MAX_RATE);
        Double offPeak = fields.requiredNumber("off_peak_rate", 0, InputBounds.MAX_RATE);
        return peak == null || offPeak == null ? null : new Tou(peak, offPeak);
    }

    private static Tiered tiered(Fields fields) {
        fields.allowOnly(TIERED_KEYS);
        JsonNode tiers = fields.required("tiers");
        if (tiers == null) {
            return null;
        }
        String path = fields.path("tiers");
        Errors errors = fields.errors();
        if (!tiers.isArray()) {
            errors.add(path, "must be an array");
            return null;
        }
        if (tiers.isEmpty()) {
            errors.add(path, "must not be empty");
            return null;
        }
        if (!Values.atMost(tiers, path, InputBounds.MAX_TIERS, "tiers", errors)) {
            return null;
        }
        return tierList(tiers, path, errors);
    }

    private static Tiered tierList(JsonNode tiers, String path, Errors errors) {
        int before = errors.count();
        List<Tier> result = new ArrayList<>();
        Double previousBound = null;
        for (int i = 0; i < tiers.size(); i++) {
            Fields fields = Fields.of(tiers.get(i), Errors.item(path, i), errors);
            if (fields == null) {
                previousBound = null;
                continue;
            }
            fields.allowOnly(TIER_KEYS);
            Double bound = bound(fields, i == tiers.size() - 1);
            if (bound != null && previousBound != null && bound <= previousBound) {
                errors.add(fields.path("up_to_kwh"), "must be greater than " + Errors.child(Errors.item(path, i - 1), "up_to_kwh"));
            }
            Double rate = fields.requiredNumber("rate", 0, InputBounds.MAX_RATE);
            // A placeholder rate for a broken tier is harmless: the list is only used when no error was recorded.
            result.add(new Tier(bound, rate == null ? 0.0 : rate));
            previousBound = bound;
        }
        return errors.count() == before ? new Tiered(result) : null;
    }

    /** The tier's upper bound: required (> 0) on every tier but the last, forbidden on the last. */
    private static Double bound(Fields fields, boolean last) {
        if (last) {
            if (fields.optional("up_to_kwh") != null) {
                fields.errors().add(fields.path("up_to_kwh"), "must be absent on the last tier");
            }
            return null;
        }
        JsonNode value = fields.required("up_to_kwh", "is required on every tier but the last");
        return value == null ? null : Values.number(value, fields.path("up_to_kwh"), 0, true, InputBounds.MAX_PLAN_KWH, fields.errors());
    }

    private static List<BillCredit> billCredits(JsonNode node, String path, Errors errors) {
        if (!node.isArray()) {
            errors.add(path, "must be an array");
            return null;
        }
        if (!Values.atMost(node, path, InputBounds.MAX_BILL_CREDITS, "credits", errors)) {
            return null;
        }
        List<BillCredit> credits = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            credits.add(billCredit(node.get(i), Errors.item(path, i), errors));
        }
        return credits;
    }

    private static BillCredit billCredit(JsonNode node, String path, Errors errors) {
        Fields fields = Fields.of(node, path, errors);
        if (fields == null) {
            return null;
        }
        int before = errors.count();
        fields.allowOnly(CREDIT_KEYS);
        Double min = fields.requiredNumber("min_kwh", 0, InputBounds.MAX_PLAN_KWH);
        Double max = fields.optionalNumber("max_kwh", 0, InputBounds.MAX_PLAN_KWH);
        if (min != null && max != null && max < min) {
            errors.add(fields.path("max_kwh"), "must be >= min_kwh");
        }
        Double credit = fields.requiredNumber("credit", 0, InputBounds.MAX_MONEY);
        return errors.count() == before ? new BillCredit(min, max, credit) : null;
    }

    private static MinimumUsage minimumUsage(JsonNode node, String path, Errors errors) {
        Fields fields = Fields.of(node, path, errors);
        if (fields == null) {
            return null;
        }
        fields.allowOnly(MINIMUM_KEYS);
        Double below = fields.requiredNumber("below_kwh", 0, InputBounds.MAX_PLAN_KWH);
        Double fee = fields.requiredNumber("fee", 0, InputBounds.MAX_MONEY);
        return below == null || fee == null ? null : new MinimumUsage(below, fee);
    }
}
