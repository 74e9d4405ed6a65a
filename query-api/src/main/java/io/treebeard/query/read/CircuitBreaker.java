package io.treebeard.query.read;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A small circuit breaker around the cache. Closed: every call goes through, {@code failureThreshold} consecutive
 * failures open it. Open: calls are refused (the caller bypasses the cache) until {@code openDuration} has passed.
 * Half-open: exactly one probe call is let through; its success closes the circuit, its failure opens it again for
 * another {@code openDuration}. Lock-free and safe for concurrent use.
 */
public final class CircuitBreaker {

    /** The state, also exported as a gauge (0 closed, 1 half-open, 2 open). */
    public enum State {
        CLOSED, HALF_OPEN, OPEN
    }

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** When the circuit opened, or {@link Long#MIN_VALUE} when it is closed. */
    private final AtomicLong openedAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean probing = new AtomicBoolean();

    /** A breaker on the system clock. */
    public CircuitBreaker(int failureThreshold, Duration openDuration) {
        this(failureThreshold, openDuration, System::nanoTime);
    }

    /** A breaker on {@code nanoClock}, for tests. */
    public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1: " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Whether a call may go to the cache now. In the half-open state only the first caller gets true (the probe); it
     * must report {@link #onSuccess()} or {@link #onFailure()}.
     */
    public boolean allowRequest() {
        long opened = openedAt.get();
        if (opened == Long.MIN_VALUE) {
            return true;
        }
        if (nanoClock.getAsLong() - opened < openNanos) {
            return false;
        }
        return probing.compareAndSet(false, true);
    }

    /** A call succeeded: closes the circuit. */
    public void onSuccess() {
        consecutiveFailures.set(0);
        if (openedAt.get() != Long.MIN_VALUE) {
            openedAt.set(Long.MIN_VALUE);
        }
        probing.set(false);
    }

    /** A call failed or timed out: counts towards opening, and re-opens a half-open circuit. */
    public void onFailure() {
        if (probing.get()) {
            openedAt.set(nanoClock.getAsLong());
            probing.set(false);
            return;
        }
        if (consecutiveFailures.incrementAndGet() >= failureThreshold && openedAt.get() == Long.MIN_VALUE) {
            openedAt.compareAndSet(Long.MIN_VALUE, nanoClock.getAsLong());
        }
    }

    /** Forces the circuit open now, e.g. when the cache could not be reached at boot. */
    public void forceOpen() {
        openedAt.set(nanoClock.getAsLong());
        probing.set(false);
    }

    /** The current state. */
    public State state() {
        long opened = openedAt.get();
        if (opened == Long.MIN_VALUE) {
            return State.CLOSED;
        }
        return nanoClock.getAsLong() - opened < openNanos && !probing.get() ? State.OPEN : State.HALF_OPEN;
    }
}
