package io.treebeard.query.read;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code burst} tokens, refilled at {@code perSecond}; a request takes one token. Buckets
 * untouched for a minute are dropped on the next sweep, so the map stays bounded by the active clients.
 */
public final class RateLimiter {

    private static final long SWEEP_IDLE_NANOS = 60_000_000_000L;
    private static final int SWEEP_ABOVE = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A limiter on the system clock. */
    public RateLimiter(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** A limiter on {@code nanoClock}, for tests. */
    public RateLimiter(int perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be >= 1");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes a token for {@code client}.
     *
     * @return 0 when the request may proceed, else the whole seconds (>= 1) after which a token will be there
     */
    public long acquire(String client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> now - b.updated > SWEEP_IDLE_NANOS);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * perNano);
            bucket.updated = now;
            if (bucket.tokens >= 1.0) {
                bucket.tokens -= 1.0;
                return 0;
            }
            double waitNanos = (1.0 - bucket.tokens) / perNano;
            return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        private Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
