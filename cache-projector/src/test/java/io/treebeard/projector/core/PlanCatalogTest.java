package io.treebeard.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.projector.Fixtures;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.tariff.CatalogDocument;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlanCatalogTest {

    private final PlanCatalog catalog = new PlanCatalog();

    private static List<String> keys(Projected p) {
        return p.redis().stream().map(RedisWrite::key).toList();
    }

    @Test
    void aPlanChangeRewritesOnlyTheRegionsItWasOrIsAvailableIn() {
        Plan a = Fixtures.plan("p-a", 0.10, true, "A");
        Plan b = Fixtures.plan("p-b", 0.11, true, "B");
        catalog.apply("p-a", Fixtures.planChange(null, a, 10));
        catalog.apply("p-b", Fixtures.planChange(null, b, 11));

        Plan moved = Fixtures.plan("p-a", 0.09, true, "C");
        Projected p = catalog.apply("p-a", Fixtures.planChange(a, moved, 12));

        assertThat(keys(p)).containsExactly(CacheKeys.plan("p-a"), CacheKeys.catalog("A"), CacheKeys.catalog("C"));
        assertThat(catalog.catalog("A").version()).isEqualTo(12);
        assertThat(catalog.catalog("A").plans()).isEmpty();
        assertThat(catalog.catalog("B").version()).isEqualTo(11);
        assertThat(catalog.catalog("C").plans()).extracting(e -> e.plan().planId()).containsExactly("p-a");
    }

    @Test
    void theRegionsOfTheKnownPlanAreInvalidatedEvenWhenTheChangeCarriesNoBefore() {
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A", "B"), 10));
        Projected delete = catalog.apply("p-a", new io.treebeard.schemas.event.PlanChange(io.treebeard.schemas.event.ChangeOp.DELETE,
                "p-a", null, null, new io.treebeard.schemas.event.SourcePosition(20, null, Fixtures.T0, false)));

        assertThat(delete.redis().get(0).op()).isEqualTo(RedisWrite.Op.DELETE_VERSIONED);
        assertThat(keys(delete)).containsExactly(CacheKeys.plan("p-a"), CacheKeys.catalog("A"), CacheKeys.catalog("B"));
        assertThat(catalog.catalog("B").plans()).isEmpty();
        assertThat(catalog.catalog("B").version()).isEqualTo(20);
    }

    @Test
    void anOlderReplayedChangeChangesNothingAndTheSameChangeAgainRewritesTheSameValues() {
        Plan v1 = Fixtures.plan("p-a", 0.10, true, "A");
        Plan v2 = Fixtures.plan("p-a", 0.08, true, "A");
        catalog.apply("p-a", Fixtures.planChange(null, v1, 10));
        Projected first = catalog.apply("p-a", Fixtures.planChange(v1, v2, 11));

        assertThat(catalog.apply("p-a", Fixtures.planChange(null, v1, 10))).isSameAs(Projected.NOTHING);
        Projected again = catalog.apply("p-a", Fixtures.planChange(v1, v2, 11));
        assertThat(again.redis()).hasSameSizeAs(first.redis());
        for (int i = 0; i < again.redis().size(); i++) {
            assertThat(again.redis().get(i).data()).isEqualTo(first.redis().get(i).data());
            assertThat(again.redis().get(i).version()).isEqualTo(first.redis().get(i).version());
        }
        assertThat(catalog.catalog("A").plans().get(0).plan().rateStructure()).isEqualTo(v2.rateStructure());
    }

    @Test
    void theCatalogHoldsActivePlansInCodePointOrderWithEflPrices() {
        catalog.apply("p-b", Fixtures.planChange(null, Fixtures.plan("p-b", 0.10, true, "A"), 1));
        catalog.apply("P-z", Fixtures.planChange(null, Fixtures.plan("P-z", 0.10, true, "A"), 2));
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 3));
        catalog.apply("p-off", Fixtures.planChange(null, Fixtures.plan("p-off", 0.10, false, "A"), 4));

        CatalogDocument doc = catalog.catalog("A");
        assertThat(doc.plans()).extracting(e -> e.plan().planId()).containsExactly("P-z", "p-a", "p-b");
        JsonNode json = Json.mapper().readTree(Projection.toJson(doc));
        assertThat(json.get("region").asString()).isEqualTo("A");
        assertThat(json.get("version").asLong()).isEqualTo(4);
        JsonNode first = json.get("plans").get(0);
        assertThat(first.get("plan_id").asString()).isEqualTo("P-z");
        assertThat(first.get("available_regions").get(0).asString()).isEqualTo("A");
        // (4.95 + 0.10 x 1000) / 1000 x 100 = 10.495 -> 10.5 cents; the keys keep the label's order.
        assertThat(first.get("efl_avg_price_cents_per_kwh").propertyNames()).containsExactly("500", "1000", "2000");
        assertThat(first.get("efl_avg_price_cents_per_kwh").get("1000").decimalValue()).isEqualByComparingTo("10.5");
    }

    @Test
    void theSnapshotWritesEveryLivePlanAndEveryRegionsCatalog() {
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 1));
        catalog.apply("p-b", Fixtures.planChange(null, Fixtures.plan("p-b", 0.10, true, "B"), 2));

        assertThat(catalog.snapshot(null)).extracting(RedisWrite::type)
                .containsExactly(KeyType.PLAN, KeyType.PLAN, KeyType.CATALOG, KeyType.CATALOG);
        assertThat(catalog.snapshot("B")).extracting(RedisWrite::key).containsExactly(CacheKeys.plan("p-b"), CacheKeys.catalog("B"));
    }

    @Test
    void aTombstoneDeletesThePlanKeyWithoutTouchingCatalogs() {
        Plan a = Fixtures.plan("p-a", 0.10, true, "A");
        catalog.apply("p-a", Fixtures.planChange(null, a, 1));
        catalog.apply("p-a", Fixtures.planChange(a, null, 2));
        Projected tombstone = catalog.apply("p-a", null);
        assertThat(tombstone.redis()).singleElement().satisfies(w -> assertThat(w.op()).isEqualTo(RedisWrite.Op.DELETE));
        assertThat(catalog.size()).isZero();
    }
}
