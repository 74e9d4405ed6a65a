package io.treebeard.schemas.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheKeysTest {

    @Test
    void valueKeysCarryTheIdAsHashTag() {
        assertThat(CacheKeys.recommendation("u-1")).isEqualTo("tb:rec:{u-1}");
        assertThat(CacheKeys.catalog("TX-NORTH")).isEqualTo("tb:catalog:{TX-NORTH}");
        assertThat(CacheKeys.lease(CacheKeys.profile("u-1"))).isEqualTo("tb:profile:{u-1}:lease");
    }

    @Test
    void idOfInvertsKey() {
        for (KeyType type : KeyType.values()) {
            assertThat(CacheKeys.idOf(type, CacheKeys.key(type, "a.b:c-1"))).isEqualTo("a.b:c-1");
        }
        assertThat(CacheKeys.idOf(KeyType.PLAN, CacheKeys.recommendation("u-1"))).isNull();
    }

    @Test
    void scriptsAreLoadedFromTheClasspath() {
        assertThat(CacheScripts.VERSIONED_SET).contains("HSET").contains("PEXPIRE");
        assertThat(CacheScripts.VERSIONED_DELETE).contains("DEL");
        assertThat(CacheScripts.VERSIONED_MSET).contains("HSET").contains("PEXPIRE").contains("#KEYS");
    }

    @Test
    void defaultTtlsAreTheReferenceEpics() {
        assertThat(KeyType.PLAN.defaultTtl()).hasHours(1);
        assertThat(KeyType.PROFILE.defaultTtl()).hasHours(24);
        assertThat(KeyType.RECOMMENDATION.defaultTtl()).hasHours(24);
        assertThat(KeyType.USAGE_ANALYSIS.defaultTtl()).hasDays(7);
    }
}
