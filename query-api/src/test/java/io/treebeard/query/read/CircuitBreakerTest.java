package io.treebeard.query.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), now::get);

    @Test
    void staysClosedBelowTheThresholdAndASuccessResetsTheCount() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesCalls() {
        fail(3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowRequest()).isFalse();
    }

    @Test
    void letsExactlyOneProbeThroughOnceTheOpenDurationHasPassed() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allowRequest()).isTrue();
        assertThat(breaker.allowRequest()).isFalse();
    }

    @Test
    void aSuccessfulProbeClosesTheCircuit() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(breaker.allowRequest()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void aFailedProbeReopensForAnotherOpenDuration() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.allowRequest()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(breaker.allowRequest()).isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void forceOpenRefusesCallsUntilAProbeSucceeds() {
        breaker.forceOpen();
        assertThat(breaker.allowRequest()).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.allowRequest()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breaker.onFailure();
        }
    }
}
