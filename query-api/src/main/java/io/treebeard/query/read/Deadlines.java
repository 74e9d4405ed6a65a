package io.treebeard.query.read;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounds the time of asynchronous work, so that no request waits forever. */
public final class Deadlines {

    private Deadlines() {
    }

    /**
     * A future that completes like {@code work}, or exceptionally with {@link TimeoutException} once {@code deadline}
     * has passed. {@code work} itself is left to finish (its result is dropped).
     */
    public static <T> CompletableFuture<T> within(CompletableFuture<T> work, Duration deadline) {
        return work.copy().orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
}
