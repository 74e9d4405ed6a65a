package io.treebeard.projector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.cache.KeyType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

class ProjectorConfigTest {

    @Test
    void theDefaultTtlsAreTheReferenceEpicsPerKeyType() {
        ProjectorConfig.Ttl ttl = new ProjectorConfig.Ttl(
                DurationStyle.detectAndParse(ProjectorConfig.Ttl.DEFAULT_TTL_RECOMMENDATION),
                DurationStyle.detectAndParse(ProjectorConfig.Ttl.DEFAULT_TTL_PROFILE),
                DurationStyle.detectAndParse(ProjectorConfig.Ttl.DEFAULT_TTL_USAGE_ANALYSIS),
                DurationStyle.detectAndParse(ProjectorConfig.Ttl.DEFAULT_TTL_PLAN),
                DurationStyle.detectAndParse(ProjectorConfig.Ttl.DEFAULT_TTL_CATALOG));
        for (KeyType type : KeyType.values()) {
            assertThat(ttl.byType().get(type)).as(type.name()).isEqualTo(type.defaultTtl());
        }
    }

    @Test
    void aNonPositiveDurationFailsNamingItsKey() {
        Duration h = Duration.ofHours(1);
        assertThatThrownBy(() -> new ProjectorConfig.Ttl(h, h, Duration.ZERO, h, h))
                .hasMessageContaining("treebeard.projector.ttl.usage-analysis");
        assertThatThrownBy(() -> new ProjectorConfig.Redis("redis://x:1", Duration.ofMillis(-1)))
                .hasMessageContaining("treebeard.projector.redis.command-timeout");
    }
}
