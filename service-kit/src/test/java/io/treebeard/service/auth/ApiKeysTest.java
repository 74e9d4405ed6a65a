package io.treebeard.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(List.of(
            new ApiKey("dash", ApiKeys.sha256("secret"), Set.of(Right.READ)),
            new ApiKey("ops", ApiKeys.sha256("ops-secret").toUpperCase(Locale.ROOT), Set.of(Right.READ, Right.ADMIN))));

    @Test
    void aKnownKeyInEitherHeaderIsGrantedTheRightsItHas() {
        assertThat(keys.check("Bearer secret", null, Right.READ).key().name()).isEqualTo("dash");
        assertThat(keys.check("bearer secret", null, Right.READ).granted()).isTrue();
        assertThat(keys.check(null, "secret", Right.READ).granted()).isTrue();
        assertThat(keys.check("Bearer ops-secret", null, Right.ADMIN).granted()).isTrue();
    }

    @Test
    void aKnownKeyWithoutTheRightIsForbiddenNamingHolderAndRight() {
        ApiKeys.Access access = keys.check("Bearer secret", null, Right.ADMIN);
        assertThat(access.status()).isEqualTo(403);
        assertThat(access.detail()).contains("dash").contains("admin").doesNotContain("secret'");
        assertThat(keys.check(null, "secret", Right.WRITE).status()).isEqualTo(403);
    }

    @Test
    void unknownMissingOrMalformedCredentialsAreUnauthorized() {
        assertThat(keys.check(null, null, Right.READ).status()).isEqualTo(401);
        assertThat(keys.check("Bearer other", null, Right.READ).status()).isEqualTo(401);
        assertThat(keys.check("Basic c2VjcmV0", null, Right.READ).status()).isEqualTo(401);
        assertThat(keys.check("Bearer ", null, Right.READ).status()).isEqualTo(401);
        assertThat(keys.check("Bearer", null, Right.READ).status()).isEqualTo(401);
        assertThat(keys.check(null, "x".repeat(10_000), Right.READ).status()).isEqualTo(401);
        assertThat(keys.check(null, null, Right.READ).title()).isEqualTo("Missing API key");
        assertThat(keys.check("Bearer other", null, Right.READ).title()).isEqualTo("Unknown API key");
    }

    @Test
    void hashesAreLowercaseHexSha256() {
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
