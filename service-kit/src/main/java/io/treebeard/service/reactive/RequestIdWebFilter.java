package io.treebeard.service.reactive;

import io.treebeard.service.web.RequestIds;
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
 * The reactive adapter of {@link RequestIds}: every response, actuator and errors included, carries
 * {@code X-Request-ID}; the id is kept as an exchange attribute for handlers that write their own answers.
 */
public final class RequestIdWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the id. */
    public static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = RequestIds.of(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
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

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
