package io.treebeard.projector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmArgsTest {

    @Test
    void parsesModeLimitRegionAndFallsBackToTheEnvironmentForConnections() {
        WarmArgs args = WarmArgs.parse(new String[] {"warm", "--mode", "recommendations", "--limit", "10", "--region", "TX"},
                Map.of(WarmArgs.ENV_REDIS, "redis://cache:6380"));
        assertThat(args.mode()).isEqualTo(WarmArgs.Mode.RECOMMENDATIONS);
        assertThat(args.limit()).isEqualTo(10);
        assertThat(args.region()).isEqualTo("TX");
        assertThat(args.redisUri()).isEqualTo("redis://cache:6380");
        assertThat(args.bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> WarmArgs.parse(new String[] {"--mode", "everything"}, Map.of())).hasMessageContaining("--mode");
        assertThatThrownBy(() -> WarmArgs.parse(new String[] {"--mode", "full", "--limit", "0"}, Map.of()))
                .hasMessageContaining("--limit");
        assertThatThrownBy(() -> WarmArgs.parse(new String[] {"--limit", "3"}, Map.of())).hasMessageContaining("--mode is required");
        assertThatThrownBy(() -> WarmArgs.parse(new String[] {"--mode"}, Map.of())).hasMessageContaining("missing value");
        assertThatThrownBy(() -> WarmArgs.parse(new String[] {"--nope", "x"}, Map.of())).hasMessageContaining("--nope");
    }

    @Test
    void ttlsFallIntoLabelledBuckets() {
        assertThat(CacheStats.bucket(30_000L)).isEqualTo("<1m");
        assertThat(CacheStats.bucket(3_000_000L)).isEqualTo("<1h");
        assertThat(CacheStats.bucket(86_000_000L)).isEqualTo("<24h");
        assertThat(CacheStats.bucket(604_800_000L)).isEqualTo(">=7d");
        assertThat(CacheStats.bucket(-1L)).isEqualTo("no ttl");
        assertThat(CacheStats.bucket(-2L)).isEqualTo("gone");
    }
}
