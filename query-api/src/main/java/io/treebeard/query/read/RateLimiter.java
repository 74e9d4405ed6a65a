package io.treebeard.query.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A Bucket4j token bucket per client: {@code burst} tokens, refilled greedily at {@code perSecond}; a request takes one
 * token. The buckets live in a Caffeine cache that forgets a client idle for a minute and holds at most
 * {@link #MAX_CLIENTS}, evicting in amortised constant time: no request ever scans the buckets.
 */
public final class RateLimiter {

    /** The most clients tracked at once; beyond it the least recently used ones are forgotten (and start full again). */
    public static final int MAX_CLIENTS = 100_000;

    private static final Duration IDLE = Duration.ofMinutes(1);

    private final int perSecond;
    private final int burst;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    /** A limiter on the system clock. */
    public RateLimiter(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** A limiter on {@code nanoClock}, for tests. */
    public RateLimiter(int perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoClock.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        Ticker ticker = nanoClock::getAsLong;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(MAX_CLIENTS).ticker(ticker)
                .executor(Runnable::run).build();
    }

    /**
     * Takes a token for {@code client}.
     *
     * @return 0 when the request may proceed, else the whole seconds (>= 1) after which a token will be there
     */
    public long acquire(String client) {
        ConsumptionProbe probe = buckets.get(client, c -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** How many clients are tracked now. */
    long clients() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        // Synchronized, not Bucket4j's default lock-free CAS: one client's requests arrive on both event loops at once,
        // and under that contention a short lock was measured cheaper than CAS retries with a state copy each.
        return Bucket.builder().withCustomTimePrecision(time).withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1))).build();
    }
}
