package io.treebeard.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogDocumentTest {

    @Test
    void serialisesThePlanColumnsInlineFollowedByTheEflPricesInContractOrder() throws Exception {
        Plan plan = Fixtures.plan("p-1").flatRate(0.12).renewable("50.00").contractMonths(12).earlyTerminationFee("150.00").build();

        String json = Json.mapper().writeValueAsString(CatalogDocument.of("TX", 7L, List.of(plan)));

        assertThat(json).isEqualTo("{\"region\":\"TX\",\"version\":7,\"plans\":[{\"plan_id\":\"p-1\",\"provider\":\"Provider p-1\","
                + "\"name\":\"Plan p-1\",\"available_regions\":[\"" + Fixtures.REGION + "\"],\"is_active\":true,\"rate_structure\":"
                + Json.mapper().writeValueAsString(plan.rateStructure()) + ",\"renewable_percentage\":50.00,\"contract_months\":12,"
                + "\"early_termination_fee\":150.00,\"updated_at\":\"1970-01-01T00:00:00Z\",\"efl_avg_price_cents_per_kwh\":"
                + "{\"500\":12.0,\"1000\":12.0,\"2000\":12.0}}]}");
    }

    @Test
    void keepsThePlansInTheOrderGiven() {
        CatalogDocument doc = CatalogDocument.of("TX", 0L, List.of(Fixtures.plan("a").build(), Fixtures.plan("b").build()));

        assertThat(doc.plans()).extracting(e -> e.plan().planId()).containsExactly("a", "b");
        assertThat(doc.plans().get(0).eflAvgPriceCentsPerKwh()).containsOnlyKeys("500", "1000", "2000");
    }
}
