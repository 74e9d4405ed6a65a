package io.treebeard.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpCachingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionedDocumentsGetTheirVersionAsWeakEtag() {
        assertThat(HttpCaching.etag(Route.RECOMMENDATION, b("{\"user_id\":\"u\",\"version\":381,\"x\":[1]}")))
                .isEqualTo("W/\"v381\"");
        assertThat(HttpCaching.etag(Route.CATALOG, b("{\"region\":\"R\",\"plans\":[{\"version\":5}],\"version\":7}")))
                .isEqualTo("W/\"v7\"");
    }

    @Test
    void nullOrMissingVersionGivesNoEtag() {
        assertThat(HttpCaching.etag(Route.USAGE_ANALYSIS, b("{\"user_id\":\"u\",\"version\":null}"))).isNull();
        assertThat(HttpCaching.etag(Route.RECOMMENDATION, b("{\"user_id\":\"u\",\"nested\":{\"version\":3}}"))).isNull();
        assertThat(HttpCaching.etag(Route.RECOMMENDATION, b("not json"))).isNull();
    }

    @Test
    void unversionedRowsAreHashedByContent() {
        String a = HttpCaching.etag(Route.PLAN, b("{\"plan_id\":\"p\"}"));
        assertThat(a).startsWith("W/\"h").isEqualTo(HttpCaching.etag(Route.PLAN, b("{\"plan_id\":\"p\"}")));
        assertThat(a).isNotEqualTo(HttpCaching.etag(Route.PLAN, b("{\"plan_id\":\"q\"}")));
    }

    @Test
    void ifNoneMatchUsesTheWeakComparison() {
        assertThat(HttpCaching.matches("W/\"v3\"", "W/\"v3\"")).isTrue();
        assertThat(HttpCaching.matches("\"v3\"", "W/\"v3\"")).isTrue();
        assertThat(HttpCaching.matches("W/\"v1\", W/\"v3\"", "W/\"v3\"")).isTrue();
        assertThat(HttpCaching.matches("*", "W/\"v3\"")).isTrue();
        assertThat(HttpCaching.matches("W/\"v4\"", "W/\"v3\"")).isFalse();
        assertThat(HttpCaching.matches(null, "W/\"v3\"")).isFalse();
        assertThat(HttpCaching.matches("*", null)).isFalse();
    }

    @Test
    void userDocumentsArePrivateAndSharedDataPublicKeyedByTheKeyHeaders() {
        assertThat(HttpCaching.cacheControl(Route.RECOMMENDATION)).isEqualTo("private, no-cache");
        assertThat(HttpCaching.cacheControl(Route.PROFILE)).isEqualTo("private, no-cache");
        assertThat(HttpCaching.cacheControl(Route.CATALOG)).isEqualTo("public, max-age=30, stale-while-revalidate=60");
        assertThat(HttpCaching.cacheControl(Route.PLAN)).isEqualTo("public, max-age=60, stale-while-revalidate=300");
        assertThat(HttpCaching.VARY).contains("Accept-Encoding").contains("Authorization").contains("X-API-Key");
    }
}
