package io.treebeard.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.query.config.QueryConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(List.of(new QueryConfig.ApiKey("dash", ApiKeys.sha256("secret"))));

    @Test
    void aKnownKeyInEitherHeaderNamesItsClient() {
        assertThat(keys.enabled()).isTrue();
        assertThat(keys.clientOf("Bearer secret", null)).isEqualTo("dash");
        assertThat(keys.clientOf("bearer secret", null)).isEqualTo("dash");
        assertThat(keys.clientOf(null, "secret")).isEqualTo("dash");
    }

    @Test
    void unknownMissingOrMalformedCredentialsNameNoClient() {
        assertThat(keys.clientOf(null, null)).isNull();
        assertThat(keys.clientOf("Bearer other", null)).isNull();
        assertThat(keys.clientOf("Basic c2VjcmV0", null)).isNull();
        assertThat(keys.clientOf("Bearer ", null)).isNull();
        assertThat(keys.clientOf(null, "x".repeat(10_000))).isNull();
    }

    @Test
    void withoutConfiguredKeysNothingIsRequired() {
        assertThat(new ApiKeys(List.of()).enabled()).isFalse();
    }
}
