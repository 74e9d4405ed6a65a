package io.treebeard.query.read;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The circuit around the cache, a Resilience4j {@link CircuitBreaker}. Closed: every call goes through; it opens when
 * each of the last {@code failureThreshold} calls failed, or each of them was slower than {@code slowCallThreshold} (a
 * Redis that answers, but late, costs the read path more than the database fallback). Open: calls are refused (the
 * caller bypasses the cache) until {@code openDuration} has passed. Half-open: exactly one probe call is let through;
 * its success closes the circuit, its failure opens it again. A success reported late, by a call let through before
 * the circuit opened, does not close it (Resilience4j ignores results while open).
 */
public final class CacheCircuit {

    /** The state, also exported as a gauge (0 closed, 1 half-open, 2 open). */
    public enum State {
        CLOSED, HALF_OPEN, OPEN
    }

    private final CircuitBreaker breaker;

    /** A circuit on the system clock. */
    public CacheCircuit(int failureThreshold, Duration openDuration, Duration slowCallThreshold) {
        this(failureThreshold, openDuration, slowCallThreshold, Clock.systemUTC());
    }

    /** A circuit on {@code clock}, for tests. */
    public CacheCircuit(int failureThreshold, Duration openDuration, Duration slowCallThreshold, Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1: " + failureThreshold);
        }
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                // The last N calls, N = the threshold, all of them: N consecutive failures (or slow calls) open it.
                .slidingWindow(failureThreshold, failureThreshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .failureRateThreshold(100)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(slowCallThreshold)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("cache", config);
    }

    /**
     * Whether a call may go to the cache now. In the half-open state only the first caller gets true (the probe). A
     * caller that got true must report {@link #onSuccess(long)} or {@link #onFailure(long, Throwable)}.
     */
    public boolean allowRequest() {
        return breaker.tryAcquirePermission();
    }

    /** A call permitted by {@link #allowRequest()} succeeded after {@code nanos}. */
    public void onSuccess(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    /** A call permitted by {@link #allowRequest()} failed or timed out after {@code nanos}. */
    public void onFailure(long nanos, Throwable error) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
    }

    /** Forces the circuit open now, e.g. when the cache could not be reached at boot. */
    public void forceOpen() {
        breaker.transitionToOpenState();
    }

    /** The current state; an open circuit whose wait has passed shows half-open once the next call asked. */
    public State state() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> State.CLOSED;
            case HALF_OPEN -> State.HALF_OPEN;
            default -> State.OPEN;
        };
    }
}
