package io.treebeard.query.web;

import io.treebeard.service.RequestIdFilter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of service-kit's {@link RequestIdFilter}: every response, actuator and errors included, carries
 * {@code X-Request-ID}: the client's when it is a sane token, else a new UUID.
 */
public final class RequestIdWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the id. */
    public static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".id";

    /** Same rule as service-kit: short and harmless in logs and headers. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = requestId(exchange.getRequest().getHeaders().getFirst(RequestIdFilter.HEADER));
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIdFilter.HEADER, id);
        String malformed = malformedHeader(exchange.getRequest().getHeaders());
        if (malformed != null) {
            // Spring's media type parser throws unchecked errors on some garbage; answer 400 before it runs.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "malformed " + malformed + " header");
        }
        return chain.filter(exchange);
    }

    private static String malformedHeader(HttpHeaders headers) {
        for (String name : new String[] {HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE}) {
            for (String value : headers.getOrEmpty(name)) {
                try {
                    if (name.equals(HttpHeaders.ACCEPT)) {
                        MediaType.parseMediaTypes(value);
                    } else {
                        MediaType.parseMediaType(value);
                    }
                } catch (RuntimeException e) {
                    return name;
                }
            }
        }
        return null;
    }

    /** The id to use for a request that sent {@code header} (possibly null). */
    public static String requestId(String header) {
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
        long least = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
