package io.treebeard.query.read;

import io.treebeard.schemas.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies filters and paging to a whole regional catalog document ({@code {"region","version","plans":[...]}}, plans
 * sorted by plan_id in code-point order). The answer adds {@code next_cursor}: the plan_id to pass as {@code cursor}
 * for the next page, or null on the last page. An unfiltered first page that holds every plan is the stored document
 * itself, bytes unchanged (it then has no {@code next_cursor} field, which means the same as null).
 *
 * <p>Parsed catalogs are kept per region and reused while the stored bytes stay equal, so the hot path compares bytes
 * instead of parsing JSON.
 */
public final class CatalogPages {

    /** The field naming the next page's cursor. */
    public static final String NEXT_CURSOR = "next_cursor";

    private static final int MAX_REGIONS = 1024;

    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    /** The page of {@code catalog} (a whole regional catalog document) that {@code query} asks for. */
    public byte[] page(byte[] catalog, CatalogQuery query) {
        Parsed doc = parse(query.region(), catalog);
        if (query.unfiltered() && doc.plans.size() <= query.limit()) {
            return catalog;
        }
        List<JsonNode> matching = new ArrayList<>();
        boolean more = false;
        for (JsonNode plan : doc.plans) {
            if (!matches(plan, query)) {
                continue;
            }
            if (matching.size() == query.limit()) {
                more = true;
                break;
            }
            matching.add(plan);
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.set("region", doc.root.get("region"));
        out.set("version", doc.root.get("version"));
        ArrayNode plans = out.putArray("plans");
        matching.forEach(plans::add);
        if (more) {
            out.put(NEXT_CURSOR, matching.get(matching.size() - 1).path("plan_id").asString());
        } else {
            out.putNull(NEXT_CURSOR);
        }
        return Json.mapper().writeValueAsBytes(out);
    }

    private static boolean matches(JsonNode plan, CatalogQuery query) {
        if (query.cursor() != null && plan.path("plan_id").asString().compareTo(query.cursor()) <= 0) {
            return false;
        }
        if (query.minRenewable() != null) {
            JsonNode renewable = plan.path("renewable_percentage");
            if (!renewable.isNumber() || renewable.decimalValue().compareTo(query.minRenewable()) < 0) {
                return false;
            }
        }
        if (query.maxContractMonths() != null) {
            JsonNode months = plan.path("contract_months");
            return months.isNumber() && months.longValue() <= query.maxContractMonths();
        }
        return true;
    }

    private Parsed parse(String region, byte[] catalog) {
        Parsed cached = parsed.get(region);
        if (cached != null && Arrays.equals(cached.bytes, catalog)) {
            return cached;
        }
        JsonNode root = Json.mapper().readTree(catalog);
        List<JsonNode> plans = new ArrayList<>();
        root.path("plans").forEach(plans::add);
        Parsed fresh = new Parsed(catalog, root, List.copyOf(plans));
        if (parsed.size() >= MAX_REGIONS) {
            // Unknown regions are valid requests too: keep the memo bounded.
            parsed.clear();
        }
        parsed.put(region, fresh);
        return fresh;
    }

    private record Parsed(byte[] bytes, JsonNode root, List<JsonNode> plans) {
    }
}
