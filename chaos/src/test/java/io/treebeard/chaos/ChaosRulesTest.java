package io.treebeard.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaosRulesTest {

    @Test
    void withRedisDownAnyReadErrorBreaksTheRule() {
        Window w = new Window("t");
        w.read("200 BYPASS");
        w.read("failover");
        assertThat(Chaos.violations(Fault.REDIS_KILL, w)).isEmpty();
        w.read("503 retry-after");
        assertThat(Chaos.violations(Fault.REDIS_UNREACHABLE, w)).hasSize(1);
    }

    @Test
    void withPostgresDownHitsAreServedAndMissesAnswer503WithRetryAfter() {
        Window w = new Window("t");
        w.read("200 HIT");
        w.read("503 retry-after");
        assertThat(Chaos.violations(Fault.POSTGRES_RESTART, w)).isEmpty();
        w.read("504 retry-after");
        assertThat(Chaos.violations(Fault.POSTGRES_RESTART, w)).hasSize(1);
        Window noHit = new Window("t");
        noHit.read("503 retry-after");
        assertThat(Chaos.violations(Fault.POSTGRES_RESTART, noHit)).hasSize(1);
    }
}
