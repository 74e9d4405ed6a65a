package io.treebeard.query.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogPagesTest {

    private static final byte[] CATALOG = ("{\"region\":\"R\",\"version\":7,\"plans\":["
            + plan("a", 10, 12) + "," + plan("b", 50, 0) + "," + plan("c", 100, 24) + "," + plan("d", 75.5, 6) + "]}")
            .getBytes(StandardCharsets.UTF_8);

    private final CatalogPages pages = new CatalogPages();

    @Test
    void anUnfilteredPageHoldingEveryPlanIsTheStoredBytesThemselves() {
        assertThat(pages.page(CATALOG, new CatalogQuery("R", null, null, 100, null))).isSameAs(CATALOG);
    }

    @Test
    void pagesFollowTheCursorInPlanIdOrderUntilTheLastPageHasANullCursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pagesRead = 0;
        do {
            JsonNode page = Json.mapper().readTree(pages.page(CATALOG, new CatalogQuery("R", null, null, 3, cursor)));
            page.path("plans").forEach(p -> seen.add(p.path("plan_id").asString()));
            assertThat(page.path("version").asLong()).isEqualTo(7);
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asString();
            pagesRead++;
        } while (cursor != null);
        assertThat(seen).containsExactly("a", "b", "c", "d");
        assertThat(pagesRead).isEqualTo(2);
    }

    @Test
    void filtersKeepPlansAtOrAboveTheRenewableShareAndAtOrBelowTheContractLength() {
        JsonNode page = Json.mapper().readTree(pages.page(CATALOG, new CatalogQuery("R", new BigDecimal("50"), 12, 100, null)));
        assertThat(page.path("plans")).extracting(p -> p.path("plan_id").asString()).containsExactly("b", "d");
        assertThat(page.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void aFilteredPageCountsOnlyMatchingPlansTowardsTheLimit() {
        JsonNode page = Json.mapper().readTree(pages.page(CATALOG, new CatalogQuery("R", new BigDecimal("50"), null, 2, null)));
        assertThat(page.path("plans")).extracting(p -> p.path("plan_id").asString()).containsExactly("b", "c");
        assertThat(page.path("next_cursor").asString()).isEqualTo("c");
    }

    @Test
    void aCursorPastTheLastPlanGivesAnEmptyPage() {
        JsonNode page = Json.mapper().readTree(pages.page(CATALOG, new CatalogQuery("R", null, null, 10, "zzz")));
        assertThat(page.path("plans")).isEmpty();
        assertThat(page.path("region").asString()).isEqualTo("R");
    }

    @Test
    void aChangedCatalogIsParsedAgain() {
        pages.page(CATALOG, new CatalogQuery("R", null, null, 1, null));
        byte[] changed = "{\"region\":\"R\",\"version\":8,\"plans\":[]}".getBytes(StandardCharsets.UTF_8);
        JsonNode page = Json.mapper().readTree(pages.page(changed, new CatalogQuery("R", null, null, 1, "a")));
        assertThat(page.path("version").asLong()).isEqualTo(8);
        assertThat(page.path("plans")).isEmpty();
    }

    private static String plan(String id, double renewable, int months) {
        return "{\"plan_id\":\"" + id + "\",\"renewable_percentage\":" + renewable + ",\"contract_months\":" + months + "}";
    }
}
