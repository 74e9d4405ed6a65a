package io.treebeard.tariff;

import static io.treebeard.tariff.Fixtures.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EflPricesTest {

    @Test
    void averagePricesAreBillOverKwhInCentsRoundedToATenth() {
        RateStructure rates = flat(4.95, 0.10, List.of(new BillCredit(1000, 2000.0, 50)), null);
        Map<String, BigDecimal> prices = EflPrices.of(rates);
        // 500:  (4.95 + 500 x 0.10)       / 500  x 100 = 54.95 / 5   = 10.99  -> 11.0
        // 1000: (4.95 + 100 - 50)         / 1000 x 100 = 54.95 / 10  = 5.495  -> 5.5
        // 2000: (4.95 + 200 - 50)         / 2000 x 100 = 154.95 / 20 = 7.7475 -> 7.7
        assertThat(prices).containsExactly(
                Map.entry("500", new BigDecimal("11.0")),
                Map.entry("1000", new BigDecimal("5.5")),
                Map.entry("2000", new BigDecimal("7.7")));
    }

    @Test
    void touPricesAssumeFortyPercentPeak() {
        RateStructure rates = new RateStructure(0.0, new Tou(0.20, 0.10), List.of(), null);
        // 500: 200 x 0.20 + 300 x 0.10 = 40 + 30 = 70 -> 70 / 500 x 100 = 14.0 (and the same at every level)
        assertThat(EflPrices.of(rates).values()).extracting(BigDecimal::toPlainString).containsExactly("14.0", "14.0", "14.0");
    }

    @Test
    void halfATenthOfACentRoundsUp() {
        // 500 x 0.1225 = 61.25 -> 61.25 / 500 x 100 = 12.25 -> 12.3
        assertThat(EflPrices.at(flat(0.1225), 500)).hasToString("12.3");
    }

    @Test
    void priceAtNonPositiveKwhIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> EflPrices.at(flat(0.1), 0));
    }
}
