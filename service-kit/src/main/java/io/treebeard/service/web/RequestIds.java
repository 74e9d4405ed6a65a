package io.treebeard.service.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The request-id rule of every TreeBeard HTTP service: the client's {@code X-Request-ID} when it is a sane token, else
 * a new UUID. It is echoed on the response and put in the logging context as {@code request_id}.
 */
public final class RequestIds {

    /** The header, in requests and responses. */
    public static final String HEADER = "X-Request-ID";

    /** The MDC key. */
    public static final String MDC_KEY = "request_id";

    /** Accepted client ids: short and harmless in logs and headers. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private RequestIds() {
    }

    /** The id to use for a request that sent {@code header} (possibly null). */
    public static String of(String header) {
        if (header != null && SANE.matcher(header).matches()) {
            return header;
        }
        return randomUuid().toString();
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}: a request id needs uniqueness, not unpredictability, and
     * {@link UUID#randomUUID()} takes a lock on the shared {@code SecureRandom} for every request.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
