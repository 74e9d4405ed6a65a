package io.treebeard.recommender.topology;

import java.time.Clock;
import java.time.Instant;

/**
 * The version of a published document or usage analysis: {@code max(previous + 1, now in microseconds)}, a hybrid
 * logical clock per user. Why not a plain counter: after an application reset (state and changelogs gone, or a new
 * application id) a counter starts again at 1 and every version-guarded sink (Redis, the {@code recommendations} read
 * model) rejects the rebuilt documents until the counter climbs past the old values. The microsecond clock is already
 * past every version published before the reset, so rebuilt documents win at once, without reading the output topics
 * back; and {@code previous + 1} keeps versions strictly increasing when a clock steps back or a task moves to an
 * instance whose clock is behind. Values stay below 2^53 (exact as JSON numbers and Lua doubles) until the year 2255.
 */
final class Versions {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private Versions() {
    }

    /** The version following {@code previous} (0 for a user without one). */
    static long next(long previous, Clock clock) {
        return Math.max(previous + 1, micros(clock.instant()));
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * MICROS_PER_SECOND + instant.getNano() / NANOS_PER_MICRO;
    }
}
