package io.treebeard.projector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.projector.Fixtures;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.tariff.CatalogDocument;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlanCatalogTest {

    private final PlanCatalog catalog = new PlanCatalog();

    @Test
    void aPlanChangeTouchesOnlyTheRegionsItWasOrIsAvailableIn() {
        Plan a = Fixtures.plan("p-a", 0.10, true, "A");
        Plan b = Fixtures.plan("p-b", 0.11, true, "B");
        catalog.apply("p-a", Fixtures.planChange(null, a, 10));
        catalog.apply("p-b", Fixtures.planChange(null, b, 11));

        Plan moved = Fixtures.plan("p-a", 0.09, true, "C");
        assertThat(catalog.apply("p-a", Fixtures.planChange(a, moved, 12))).containsExactly("A", "C");
        assertThat(catalog.catalog("A").plans()).isEmpty();
        assertThat(catalog.catalog("C").plans()).extracting(e -> e.plan().planId()).containsExactly("p-a");
        assertThat(catalog.regions()).containsExactly("A", "B", "C");
    }

    @Test
    void theRegionsOfTheKnownPlanAreTouchedEvenWhenTheChangeCarriesNoBefore() {
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A", "B"), 10));
        Set<String> touched = catalog.apply("p-a", new PlanChange(ChangeOp.DELETE, "p-a", null, null,
                new SourcePosition(20, null, Fixtures.T0, false)));

        assertThat(touched).containsExactly("A", "B");
        assertThat(catalog.catalog("B").plans()).isEmpty();
    }

    @Test
    void aTombstoneAloneRemovesAPlanStillInTheCatalog() {
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 1));

        assertThat(catalog.apply("p-a", null)).containsExactly("A");
        assertThat(catalog.catalog("A").plans()).isEmpty();
        assertThat(catalog.size()).isZero();
    }

    @Test
    void anOlderOrRepeatedChangeOfAPlanTouchesNothing() {
        Plan v1 = Fixtures.plan("p-a", 0.10, true, "A");
        Plan v2 = Fixtures.plan("p-a", 0.08, true, "A");
        catalog.apply("p-a", Fixtures.planChange(null, v1, 10));
        catalog.apply("p-a", Fixtures.planChange(v1, v2, 11));

        assertThat(catalog.apply("p-a", Fixtures.planChange(null, v1, 10))).isEmpty();
        assertThat(catalog.apply("p-a", Fixtures.planChange(v1, v2, 11))).isEmpty();
        assertThat(catalog.catalog("A").plans().get(0).plan().rateStructure()).isEqualTo(v2.rateStructure());
    }

    @Test
    void changesOfDifferentPlansApplyWhateverTheOrderOfTheirLsnsAndSharedSnapshotLsns() {
        // Partition 1 is read before partition 0: its change has the higher LSN. Snapshot rows share one LSN.
        catalog.apply("p-b", Fixtures.planChange(null, Fixtures.plan("p-b", 0.10, true, "A"), 500));
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 100));
        catalog.apply("p-c", Fixtures.planChange(null, Fixtures.plan("p-c", 0.10, true, "A"), 100));

        assertThat(catalog.catalog("A").plans()).extracting(e -> e.plan().planId()).containsExactly("p-a", "p-b", "p-c");
    }

    @Test
    void theVersionIsTheSumOfThePositionAndRisesWithItWhateverTheLsns() {
        catalog.apply("p-b", Fixtures.planChange(null, Fixtures.plan("p-b", 0.10, true, "A"), 500));
        catalog.advance(1, 1);
        long first = catalog.version();
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 100));
        catalog.advance(0, 1);

        assertThat(first).isEqualTo(1);
        assertThat(catalog.version()).isEqualTo(2);
        assertThat(catalog.position()).isEqualTo("1,1");
        assertThat(catalog.catalog("A").version()).isEqualTo(2);
        catalog.advance(0, 0);
        assertThat(catalog.position()).as("a position never goes back").isEqualTo("1,1");
    }

    @Test
    void aPartitionNotYetReadCountsAsZeroInThePosition() {
        catalog.advance(2, 7);
        assertThat(catalog.position()).isEqualTo("0,0,7");
        assertThat(new PlanCatalog().position()).isEqualTo("0");
    }

    @Test
    void catalogWritesCarryThePositionTheVersionAndAHashOfTheContentWithoutTheVersion() {
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 1));
        catalog.advance(0, 3);
        RedisWrite first = catalog.catalogWrites(List.of("A")).get(0);
        catalog.apply("p-x", Fixtures.planChange(null, Fixtures.plan("p-x", 0.10, true, "X"), 2));
        catalog.advance(0, 4);
        RedisWrite second = catalog.catalogWrites(List.of("A")).get(0);

        assertThat(first.op()).isEqualTo(RedisWrite.Op.CATALOG);
        assertThat(first.key()).isEqualTo(CacheKeys.catalog("A"));
        assertThat(first.version()).isEqualTo(3);
        assertThat(first.position()).isEqualTo("3");
        assertThat(second.version()).isEqualTo(4);
        assertThat(second.hash()).as("same content, same hash").isEqualTo(first.hash());
        assertThat(Json.mapper().readTree(second.data()).get("version").asLong()).isEqualTo(4);

        catalog.apply("p-a", Fixtures.planChange(Fixtures.plan("p-a", 0.10, true, "A"), Fixtures.plan("p-a", 0.20, true, "A"), 3));
        catalog.advance(0, 5);
        assertThat(catalog.catalogWrites(List.of("A")).get(0).hash()).isNotEqualTo(first.hash());
    }

    @Test
    void theCatalogHoldsActivePlansInCodePointOrderWithEflPrices() {
        catalog.apply("p-b", Fixtures.planChange(null, Fixtures.plan("p-b", 0.10, true, "A"), 1));
        catalog.apply("P-z", Fixtures.planChange(null, Fixtures.plan("P-z", 0.10, true, "A"), 2));
        catalog.apply("p-a", Fixtures.planChange(null, Fixtures.plan("p-a", 0.10, true, "A"), 3));
        catalog.apply("p-off", Fixtures.planChange(null, Fixtures.plan("p-off", 0.10, false, "A"), 4));
        catalog.advance(0, 4);

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
    void aPlanWhosePricesOverflowIsPoisonAndLeavesTheCatalogAsItWas() {
        Plan sane = Fixtures.plan("p-a", 0.10, true, "A");
        catalog.apply("p-a", Fixtures.planChange(null, sane, 1));
        Plan absurd = new Plan("p-a", "Acme", "Plan p-a", List.of("A"), true,
                new RateStructure(0, new RateStructure.Flat(1e306), List.of(), null), sane.renewablePercentage(), 12,
                sane.earlyTerminationFee(), Fixtures.T0);

        assertThatThrownBy(() -> catalog.apply("p-a", Fixtures.planChange(sane, absurd, 2)))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("EFL");
        assertThat(catalog.catalog("A").plans().get(0).plan()).isEqualTo(sane);
    }
}
