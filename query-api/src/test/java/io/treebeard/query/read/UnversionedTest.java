package io.treebeard.query.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnversionedTest {

    private static RecommendationDocument document(long version) {
        List<BigDecimal> months = Collections.nCopies(12, new BigDecimal("100.00"));
        return new RecommendationDocument("u-1", version, Instant.parse("2026-11-25T10:00:00.123Z"), LocalDate.parse("2026-10-31"),
                RecommendationDocument.Status.ok, "R", 1.0, 12000.5, 12,
                new RecommendationDocument.CurrentPlan("p-a", new BigDecimal("1654.20")),
                List.of(new RecommendationDocument.Recommendation(1, "p-b", "Prov", "Plan", new BigDecimal("1200.00"), months,
                        new BigDecimal("454.20"), new BigDecimal("0.00"), new BigDecimal("454.20"), new BigDecimal("100.00"), 12,
                        List.of("cheapest"))));
    }

    @Test
    void aComputedDocumentIsTheProjectedBytesWithANullVersionInPlace() {
        String projected = new String(Json.mapper().writeValueAsBytes(document(0)), StandardCharsets.UTF_8);
        String unversioned = new String(Unversioned.json(document(0)), StandardCharsets.UTF_8);

        assertThat(projected).contains("\"version\":0,");
        // Byte for byte the same but for the version: money keeps its cents ("100.00", not "1E+2").
        assertThat(unversioned).isEqualTo(projected.replace("\"version\":0,", "\"version\":null,"));
    }

    @Test
    void aValueWithoutAVersionFieldIsRefused() {
        assertThatThrownBy(() -> Unversioned.json(new BigDecimal("1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
