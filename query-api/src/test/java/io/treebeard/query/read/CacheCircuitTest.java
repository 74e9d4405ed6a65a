package io.treebeard.query.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CacheCircuitTest {

    private static final long FAST = Duration.ofMillis(1).toNanos();
    private static final long SLOW = Duration.ofMillis(80).toNanos();
    private static final RuntimeException BOOM = new RuntimeException("redis down");

    /** Resilience4j lets the probe through once the open duration has strictly passed: at its very end it still refuses. */
    private static final Duration JUST_PAST_OPEN = Duration.ofSeconds(1).plusMillis(1);

    private final MutableClock clock = new MutableClock();
    private final CacheCircuit breaker = new CacheCircuit(3, Duration.ofSeconds(1), Duration.ofMillis(50), clock);

    @Test
    void staysClosedBelowTheThresholdAndASuccessBreaksTheRun() {
        failures(2);
        call(true);
        failures(2);
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.CLOSED);
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesCalls() {
        failures(3);
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.OPEN);
        assertThat(breaker.allowRequest()).isFalse();
    }

    @Test
    void opensWhenEveryCallOfTheWindowIsSlowThoughNoneFailed() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.allowRequest()).isTrue();
            breaker.onSuccess(SLOW);
        }
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.OPEN);
        assertThat(breaker.allowRequest()).isFalse();
    }

    @Test
    void aLateSuccessOfACallLetThroughBeforeTheCircuitOpenedDoesNotCloseIt() {
        assertThat(breaker.allowRequest()).isTrue();
        failures(3);
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.OPEN);
        assertThat(breaker.allowRequest()).isFalse();
    }

    @Test
    void letsExactlyOneProbeThroughOnceTheOpenDurationHasPassed() {
        failures(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.allowRequest()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.allowRequest()).isTrue();
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.HALF_OPEN);
        assertThat(breaker.allowRequest()).isFalse();
    }

    @Test
    void aSuccessfulProbeClosesTheCircuit() {
        failures(3);
        clock.advance(Duration.ofSeconds(2));
        assertThat(breaker.allowRequest()).isTrue();
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.CLOSED);
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void aFailedProbeReopensForAnotherOpenDuration() {
        failures(3);
        clock.advance(JUST_PAST_OPEN);
        assertThat(breaker.allowRequest()).isTrue();
        breaker.onFailure(FAST, BOOM);
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.OPEN);
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.allowRequest()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void forceOpenRefusesCallsUntilAProbeSucceeds() {
        breaker.forceOpen();
        assertThat(breaker.allowRequest()).isFalse();
        clock.advance(JUST_PAST_OPEN);
        assertThat(breaker.allowRequest()).isTrue();
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(CacheCircuit.State.CLOSED);
    }

    private void failures(int times) {
        for (int i = 0; i < times; i++) {
            call(false);
        }
    }

    private void call(boolean succeeds) {
        assertThat(breaker.allowRequest()).isTrue();
        if (succeeds) {
            breaker.onSuccess(FAST);
        } else {
            breaker.onFailure(FAST, BOOM);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
