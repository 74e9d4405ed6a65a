package io.treebeard.schemas.event;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka record header {@code treebeard-commit-ms}: the commit time of the source transaction a record reflects
 * (Debezium {@code source.ts_ms}, epoch milliseconds), as an 8-byte big-endian long. Ingest sets it on every record it
 * publishes; each later stage keeps it on what it derives from the record, so every stage can time how long after the
 * source commit it handled the change (the per-stage freshness timers, docs/operations.md).
 *
 * <p>A record that makes one output of several inputs carries the earliest of their commit times ({@link #earliest}),
 * so latency is never under-reported. A record without the header (older producers, tools) is simply not timed:
 * {@link #read} answers {@link #NONE}, never throws.
 */
public final class CommitTimeHeader {

    /** The header key. */
    public static final String KEY = "treebeard-commit-ms";

    /** What {@link #read} answers when a record carries no (readable) commit time. */
    public static final long NONE = Long.MIN_VALUE;

    private static final int BYTES = Long.BYTES;

    private CommitTimeHeader() {
    }

    /** The header value for {@code commitMs}: 8 bytes, big-endian. */
    public static byte[] encode(long commitMs) {
        byte[] value = new byte[BYTES];
        for (int i = BYTES - 1; i >= 0; i--) {
            value[i] = (byte) commitMs;
            commitMs >>>= 8;
        }
        return value;
    }

    /** The commit time in a header value, or {@link #NONE} when the value is not 8 bytes. */
    public static long decode(byte[] value) {
        if (value == null || value.length != BYTES) {
            return NONE;
        }
        long commitMs = 0;
        for (byte b : value) {
            commitMs = (commitMs << 8) | (b & 0xFF);
        }
        return commitMs;
    }

    /** Sets the header on {@code headers} to {@code commitMs}, replacing any earlier value; returns {@code headers}. */
    public static Headers write(Headers headers, long commitMs) {
        headers.remove(KEY);
        return headers.add(KEY, encode(commitMs));
    }

    /** The commit time {@code headers} carry (the last value, if several), or {@link #NONE}. */
    public static long read(Headers headers) {
        if (headers == null) {
            return NONE;
        }
        Header header = headers.lastHeader(KEY);
        return header == null ? NONE : decode(header.value());
    }

    /** True when {@code commitMs} is a commit time, not {@link #NONE}. */
    public static boolean present(long commitMs) {
        return commitMs != NONE;
    }

    /** The earlier of two commit times, either of which may be {@link #NONE} (then the other one). */
    public static long earliest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return Math.min(a, b);
    }

    /**
     * Milliseconds from {@code commitMs} to {@code nowMs}, never negative (a clock a little behind the database's must not
     * make a change look handled before it was committed, nor be dropped); {@link #NONE} stays {@link #NONE}.
     */
    public static long millisSince(long commitMs, long nowMs) {
        return commitMs == NONE ? NONE : Math.max(0L, nowMs - commitMs);
    }
}
