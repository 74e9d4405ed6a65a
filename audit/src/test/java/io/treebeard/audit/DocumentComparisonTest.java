package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentComparisonTest {

    private static List<Difference> diff(String expected, String actual) {
        return DocumentComparison.compare(DocumentComparison.parse(expected), DocumentComparison.parse(actual));
    }

    @Test
    void moneyEqualToTheCentIsTheSameWhateverItsScale() {
        assertThat(diff("{\"annual_cost\": 1432.10}", "{\"annual_cost\": 1432.1}")).isEmpty();
        assertThat(diff("{\"savings\": 100}", "{\"savings\": 100.00}")).isEmpty();
    }

    @Test
    void moneyOneCentOffIsADifference() {
        assertThat(diff("{\"annual_cost\": 1432.10}", "{\"annual_cost\": 1432.11}"))
                .containsExactly(new Difference("annual_cost", "1432.10", "1432.11"));
    }

    @Test
    void moneyWithSubCentDigitsIsADifferenceBecauseMoneyIsAlwaysRoundedToCents() {
        assertThat(diff("{\"net_first_year_savings\": 72.10}", "{\"net_first_year_savings\": 72.104}")).hasSize(1);
    }

    @Test
    void monthlyCostsCompareToTheCentElementByElement() {
        assertThat(diff("{\"monthly_costs\": [10.00, 20.50]}", "{\"monthly_costs\": [10.0, 20.51]}"))
                .containsExactly(new Difference("monthly_costs[1]", "20.50", "20.51"));
    }

    @Test
    void kwhFiguresCompareRoundedHalfUpToThreeDecimals() {
        assertThat(diff("{\"annual_kwh\": 12456.7}", "{\"annual_kwh\": 12456.70049}")).isEmpty();
        assertThat(diff("{\"annual_kwh\": 12456.7}", "{\"annual_kwh\": 12456.7005}")).hasSize(1);
        assertThat(diff("{\"window\": [{\"kwh\": 1.0004, \"peak_kwh\": 0.4}]}", "{\"window\": [{\"kwh\": 1.0, \"peak_kwh\": 0.4005}]}"))
                .containsExactly(new Difference("window[0].peak_kwh", "0.4", "0.4005"));
    }

    @Test
    void otherNumbersCompareByExactValue() {
        assertThat(diff("{\"renewable_percentage\": 100.0}", "{\"renewable_percentage\": 100.00}")).isEmpty();
        assertThat(diff("{\"peak_share\": 0.4}", "{\"peak_share\": 0.4000001}")).hasSize(1);
        assertThat(diff("{\"efl_avg_price_cents_per_kwh\": {\"500\": 12.3}}", "{\"efl_avg_price_cents_per_kwh\": {\"500\": 12.4}}"))
                .containsExactly(new Difference("efl_avg_price_cents_per_kwh.500", "12.3", "12.4"));
    }

    @Test
    void versionAndGeneratedAtAreNotContent() {
        assertThat(diff("{\"version\": 3, \"generated_at\": \"2026-01-01T00:00:00Z\", \"status\": \"ok\"}",
                "{\"version\": null, \"generated_at\": \"2026-12-01T10:00:00.123Z\", \"status\": \"ok\"}")).isEmpty();
    }

    @Test
    void versionInsideADocumentIsStillCompared() {
        assertThat(diff("{\"plans\": [{\"plan_id\": \"p\", \"version\": 1}]}", "{\"plans\": [{\"plan_id\": \"p\", \"version\": 2}]}"))
                .containsExactly(new Difference("plans[plan_id=p].version", "1", "2"));
    }

    @Test
    void aNullFieldDiffersFromAMissingOne() {
        assertThat(diff("{\"current_plan\": null}", "{}")).containsExactly(new Difference("current_plan", "null", Difference.ABSENT));
        assertThat(diff("{}", "{\"current_plan\": null}")).containsExactly(new Difference("current_plan", Difference.ABSENT, "null"));
        assertThat(diff("{\"savings\": null}", "{\"savings\": 0.00}")).containsExactly(new Difference("savings", "null", "0.00"));
    }

    @Test
    void recommendationsOutOfRankingOrderAreADifferenceOfTheIdSequence() {
        String expected = "{\"recommendations\": [{\"plan_id\": \"p-B\", \"rank\": 1}, {\"plan_id\": \"p-a\", \"rank\": 2}]}";
        String actual = "{\"recommendations\": [{\"plan_id\": \"p-a\", \"rank\": 1}, {\"plan_id\": \"p-B\", \"rank\": 2}]}";
        assertThat(diff(expected, actual)).containsExactly(
                new Difference("recommendations[*].plan_id", "[\"p-B\",\"p-a\"]", "[\"p-a\",\"p-B\"]"),
                new Difference("recommendations[plan_id=p-B].rank", "1", "2"),
                new Difference("recommendations[plan_id=p-a].rank", "2", "1"));
    }

    @Test
    void aPlanMissingFromAListIsNamedAndTheOthersAreStillCompared() {
        String expected = "{\"plans\": [{\"plan_id\": \"a\", \"name\": \"A\"}, {\"plan_id\": \"b\", \"name\": \"B\"}]}";
        String actual = "{\"plans\": [{\"plan_id\": \"b\", \"name\": \"B2\"}]}";
        assertThat(diff(expected, actual)).containsExactly(
                new Difference("plans[*].plan_id", "[\"a\",\"b\"]", "[\"b\"]"),
                new Difference("plans[plan_id=b].name", "\"B\"", "\"B2\""));
    }

    @Test
    void anEmptyListAgainstAListOfPlansNamesThePlans() {
        assertThat(diff("{\"plans\": []}", "{\"plans\": [{\"plan_id\": \"old\"}]}"))
                .containsExactly(new Difference("plans[*].plan_id", "[]", "[\"old\"]"));
    }

    @Test
    void listsOfOtherValuesCompareByPositionAndLength() {
        assertThat(diff("{\"reasons\": [\"a\", \"b\"]}", "{\"reasons\": [\"a\"]}"))
                .containsExactly(new Difference("reasons[1]", "\"b\"", Difference.ABSENT));
    }

    @Test
    void timestampsCompareAsInstants() {
        assertThat(diff("{\"updated_at\": \"2026-11-25T10:00:00.120Z\"}", "{\"updated_at\": \"2026-11-25T11:00:00.12+01:00\"}")).isEmpty();
        assertThat(diff("{\"updated_at\": \"2026-11-25T10:00:00.120Z\"}", "{\"updated_at\": \"2026-11-25T10:00:00.121Z\"}")).hasSize(1);
    }

    @Test
    void aNumberWrittenAsTextIsADifference() {
        assertThat(diff("{\"annual_cost\": 1.00}", "{\"annual_cost\": \"1.00\"}")).hasSize(1);
    }

    @Test
    void idsCompareExactlyIncludingCase() {
        assertThat(diff("{\"region\": \"TX-NORTH\"}", "{\"region\": \"tx-north\"}")).hasSize(1);
    }
}
