package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.validation.PlanValidator;
import io.treebeard.schemas.validation.UsageRowValidator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleDataTest {

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        assertThat(new SampleData(7, 20).usageCsv(10_000)).isEqualTo(new SampleData(7, 20).usageCsv(10_000));
        assertThat(new SampleData(7, 20).usageCsv(10_000)).isNotEqualTo(new SampleData(8, 20).usageCsv(10_000));
    }

    @Test
    void everyPartIsTheSameWhateverWasAskedBefore() {
        SampleData data = new SampleData(7, 30);
        List<SampleData.UserBody> first = data.users();
        data.usageCsv(10_000);
        data.plans();
        assertThat(data.users()).isEqualTo(first);
        assertThat(new SampleData(7, 30).plans()).isEqualTo(data.plans());
    }

    @Test
    void usageCovers13MonthsOfDailyReadingsPerUserInBoundedBatches() {
        List<String> batches = new SampleData(1, 30).usageCsv(1_000);
        long rows = batches.stream().mapToLong(b -> b.lines().count() - 1).sum();
        // 2025-10-01 .. 2026-10-31: 13 calendar months, 396 days.
        assertThat(rows).isEqualTo(30L * 396);
        assertThat(batches).allSatisfy(b -> assertThat(b.lines().count() - 1).isLessThanOrEqualTo(1_000));
    }

    @Test
    void everyPlanIsValidForTheWriteApiAndAllStructuresAppear() {
        SampleData data = new SampleData(3, 10);
        String all = String.join("\n", data.plans().stream().map(SampleData.PlanBody::json).toList());
        assertThat(all).contains("\"flat\"", "\"tiered\"", "\"tou\"", "bill_credits", "minimum_usage");
        data.plans().forEach(p -> assertThat(PlanValidator.parse(p.planId(), Json.mapper().readTree(p.json()), Instant.EPOCH)
                .errors()).as(p.json()).isEmpty());
    }

    @Test
    void everyUsageRowIsValid() {
        String batch = new SampleData(5, 3).usageCsv(10_000).get(0);
        batch.lines().skip(1).forEach(line -> {
            String[] f = line.split(",", -1);
            assertThat(UsageRowValidator.parseText(f[0], f[1], f[2], f[3].isEmpty() ? null : f[3]).errors()).as(line).isEmpty();
        });
    }

    @Test
    void optionsComeFromPropertiesThenEnvironmentAndAreChecked() {
        DemoOptions options = DemoOptions.from(Map.of("users", "10")::get,
                Map.of("TREEBEARD_DEMO_KAFKA", "k:9092", "TREEBEARD_DEMO_USERS", "99"));
        assertThat(options.users()).isEqualTo(10);
        assertThat(options.kafka()).contains("k:9092");
        assertThat(options.postgresUrl()).isEmpty();
        assertThatThrownBy(() -> DemoOptions.from(Map.of("postgres.url", "postgres://x")::get, Map.of()))
                .hasMessageContaining("postgres.url");
        assertThatThrownBy(() -> SampleDataMain.parse(new String[] {"users", "3"})).hasMessageContaining("--name value");
    }
}
