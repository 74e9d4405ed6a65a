package io.treebeard.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FuzzCasesTest {

    @Test
    void generatesManyDistinctRequestsForBothApisFromOneSeed() {
        FuzzCases cases = new FuzzCases(17);
        Set<String> distinct = new HashSet<>();
        Set<String> categories = new HashSet<>();
        int query = 0;
        for (int i = 0; i < 2_500; i++) {
            FuzzCases.Case c = cases.next();
            distinct.add(c.method() + " " + c.target() + " " + c.headers() + " "
                    + (c.body() == null ? "" : new String(c.body(), StandardCharsets.ISO_8859_1)));
            categories.add(c.api() + " " + c.category());
            query += c.api().equals("query") ? 1 : 0;
        }
        assertThat(distinct.size()).isGreaterThan(2_000);
        assertThat(query).isBetween(800, 1_200);
        assertThat(categories).contains("ingest usage-json", "ingest usage-csv", "ingest content-type", "ingest oversized", "ingest auth",
                "ingest plan", "ingest user", "ingest delete", "ingest path", "query path-id", "query catalog-params", "query headers",
                "query auth", "query method", "query path");
    }

    @Test
    void theSameSeedGivesTheSameRequests() {
        FuzzCases a = new FuzzCases(5);
        FuzzCases b = new FuzzCases(5);
        for (int i = 0; i < 200; i++) {
            assertThat(a.next().describe()).isEqualTo(b.next().describe());
        }
    }

    @Test
    void writesNameOnlyTheFuzzNamespace() {
        FuzzCases cases = new FuzzCases(3);
        for (int i = 0; i < 2_000; i++) {
            FuzzCases.Case c = cases.next();
            if (c.api().equals("ingest") && c.body() != null) {
                String body = new String(c.body(), StandardCharsets.UTF_8);
                assertThat(body).doesNotContain("\"cu-").doesNotContain("\ncu-");
            }
            if (c.api().equals("ingest")) {
                assertThat(c.target()).doesNotContain("cu-").doesNotContain("cp-");
            }
        }
    }
}
