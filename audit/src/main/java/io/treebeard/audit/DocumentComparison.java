package io.treebeard.audit;

import io.treebeard.schemas.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The comparison rules of the contract (sections 3 to 5), applied to two JSON documents: the one recomputed from the
 * source and the one served.
 *
 * <ul>
 *   <li>{@code version} and {@code generated_at} of the document are ignored: they are not content.</li>
 *   <li>Money ({@link #MONEY_FIELDS}) compares to the cent: the served value must equal the expected one rounded
 *       half-up to cents, so a value with sub-cent digits is a difference (the contract says money is always rounded
 *       to cents).</li>
 *   <li>kWh figures ({@link #KWH_FIELDS}) compare rounded half-up to 3 decimals, since the contract lets a writer round
 *       them there.</li>
 *   <li>Every other number compares by value, scale ignored (100.0 equals 100.00); timestamps ({@code *_at}) compare as
 *       instants, whatever offset or precision they are written with.</li>
 *   <li>A field that is {@code null} differs from a field that is missing: every field is always present.</li>
 *   <li>Lists of plans (objects with a {@code plan_id}) compare in order, the order being the contract's ranking or
 *       code-point order: the id sequence is one difference, then each plan found on both sides is compared under
 *       {@code [plan_id=...]}. Other lists compare element by element.</li>
 * </ul>
 */
public final class DocumentComparison {

    /** Money fields, compared to the cent. Array elements take the name of their list ({@code monthly_costs}). */
    public static final Set<String> MONEY_FIELDS = Set.of("annual_cost", "monthly_costs", "savings", "switching_cost",
            "net_first_year_savings", "early_termination_fee");

    /** kWh figures the contract lets a writer round to 3 decimals. */
    public static final Set<String> KWH_FIELDS = Set.of("kwh", "peak_kwh", "annual_kwh", "avg_daily_kwh");

    /** Fields of a document that are not its content. */
    public static final Set<String> IGNORED_ROOT_FIELDS = Set.of("version", "generated_at");

    private static final String PLAN_ID = "plan_id";

    // Decimals read as BigDecimal, so 0.1 is compared as written and never through a binary double.
    private static final ObjectReader READER = Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DocumentComparison() {
    }

    /** Parses a served or recomputed document for {@link #compare}. */
    public static JsonNode parse(byte[] json) {
        return READER.readTree(json);
    }

    /** Parses a document held as text. */
    public static JsonNode parse(String json) {
        return READER.readTree(json);
    }

    /** The JSON tree of a record, written by the project's one mapper and read back by {@link #parse}. */
    public static JsonNode treeOf(Object document) {
        return parse(Json.mapper().writeValueAsBytes(document));
    }

    /** Every difference between the expected and the served document; empty when they say the same thing. */
    public static List<Difference> compare(JsonNode expected, JsonNode actual) {
        List<Difference> out = new ArrayList<>();
        if (expected.isObject() && actual.isObject()) {
            compareObjects("", expected, actual, IGNORED_ROOT_FIELDS, out);
        } else {
            compareNodes("", "", expected, actual, out);
        }
        return out;
    }

    private static void compareNodes(String path, String field, JsonNode expected, JsonNode actual, List<Difference> out) {
        if (expected.isObject() && actual.isObject()) {
            compareObjects(path, expected, actual, Set.of(), out);
        } else if (expected.isArray() && actual.isArray()) {
            compareArrays(path, field, expected, actual, out);
        } else if (expected.isNumber() && actual.isNumber()) {
            if (!sameNumber(field, expected.decimalValue(), actual.decimalValue())) {
                out.add(new Difference(path, expected.toString(), actual.toString()));
            }
        } else if (expected.isString() && actual.isString()) {
            if (!sameText(field, expected.stringValue(), actual.stringValue())) {
                out.add(new Difference(path, expected.toString(), actual.toString()));
            }
        } else if (!expected.equals(actual)) {
            // Different kinds (null against a value, a number against text) or different booleans.
            out.add(new Difference(path, expected.toString(), actual.toString()));
        }
    }

    private static void compareObjects(String path, JsonNode expected, JsonNode actual, Set<String> ignored, List<Difference> out) {
        Set<String> names = new LinkedHashSet<>(expected.propertyNames());
        names.addAll(actual.propertyNames());
        for (String name : names) {
            if (ignored.contains(name)) {
                continue;
            }
            String at = path.isEmpty() ? name : path + "." + name;
            JsonNode e = expected.get(name);
            JsonNode a = actual.get(name);
            if (e == null) {
                out.add(new Difference(at, Difference.ABSENT, a.toString()));
            } else if (a == null) {
                out.add(new Difference(at, e.toString(), Difference.ABSENT));
            } else {
                compareNodes(at, name, e, a, out);
            }
        }
    }

    private static void compareArrays(String path, String field, JsonNode expected, JsonNode actual, List<Difference> out) {
        Map<String, JsonNode> expectedPlans = plansById(expected);
        Map<String, JsonNode> actualPlans = plansById(actual);
        if (expectedPlans != null && actualPlans != null && !(expectedPlans.isEmpty() && actualPlans.isEmpty())) {
            comparePlanLists(path, expectedPlans, actualPlans, out);
            return;
        }
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            compareNodes(path + "[" + i + "]", field, expected.get(i), actual.get(i), out);
        }
        for (int i = common; i < expected.size(); i++) {
            out.add(new Difference(path + "[" + i + "]", expected.get(i).toString(), Difference.ABSENT));
        }
        for (int i = common; i < actual.size(); i++) {
            out.add(new Difference(path + "[" + i + "]", Difference.ABSENT, actual.get(i).toString()));
        }
    }

    private static void comparePlanLists(String path, Map<String, JsonNode> expected, Map<String, JsonNode> actual,
            List<Difference> out) {
        List<String> expectedIds = new ArrayList<>(expected.keySet());
        List<String> actualIds = new ArrayList<>(actual.keySet());
        if (!expectedIds.equals(actualIds)) {
            out.add(new Difference(path + "[*]." + PLAN_ID, idList(expectedIds), idList(actualIds)));
        }
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            JsonNode a = actual.get(e.getKey());
            if (a != null) {
                compareObjects(path + "[" + PLAN_ID + "=" + e.getKey() + "]", e.getValue(), a, Set.of(), out);
            }
        }
    }

    /** The elements of a list of plans by plan_id, in list order; null when the list is not one (or repeats an id). */
    private static Map<String, JsonNode> plansById(JsonNode array) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode element : array.values()) {
            JsonNode id = element.isObject() ? element.get(PLAN_ID) : null;
            if (id == null || !id.isString() || !seen.add(id.stringValue())) {
                return null;
            }
            byId.put(id.stringValue(), element);
        }
        return byId;
    }

    private static String idList(List<String> ids) {
        return Json.mapper().writeValueAsString(ids);
    }

    /** The number rule of a field: money to the cent, kWh to 3 decimals, anything else by exact value. */
    static boolean sameNumber(String field, BigDecimal expected, BigDecimal actual) {
        if (MONEY_FIELDS.contains(field)) {
            return expected.setScale(2, RoundingMode.HALF_UP).compareTo(actual) == 0;
        }
        if (KWH_FIELDS.contains(field)) {
            return expected.setScale(3, RoundingMode.HALF_UP).compareTo(actual.setScale(3, RoundingMode.HALF_UP)) == 0;
        }
        return expected.compareTo(actual) == 0;
    }

    private static boolean sameText(String field, String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        if (field.endsWith("_at")) {
            try {
                return OffsetDateTime.parse(expected).toInstant().equals(OffsetDateTime.parse(actual).toInstant());
            } catch (DateTimeParseException notTimestamps) {
                return false;
            }
        }
        return false;
    }
}
