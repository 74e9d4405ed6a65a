package io.treebeard.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void keepsASaneClientIdAndReplacesAnythingElse() {
        assertThat(RequestIds.of("abc-123:x@y.z")).isEqualTo("abc-123:x@y.z");
        assertThat(RequestIds.of("has space")).isNotEqualTo("has space");
        assertThat(RequestIds.of("x".repeat(129))).hasSize(36);
        assertThat(RequestIds.of(null)).hasSize(36);
    }

    @Test
    void generatedIdsAreDistinctVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = RequestIds.randomUuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
            seen.add(id.toString());
        }
        assertThat(seen).hasSize(10_000);
    }
}
